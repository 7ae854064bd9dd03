import { resolve } from 'node:path';
import type { MigrationKeys } from './migration-keys';
import type { OtpStore } from './port';
import { SqliteStore } from './sqlite/sqlite-store';

export interface StoreOptions {
  /** `sqlite:<path>` or `postgres://…` (DESIGN §2). */
  readonly databaseUrl: string;
  /**
   * Where a relative `sqlite:` path starts: the project root (DESIGN §2), so `sqlite:./data/otp.sqlite`
   * is the same file whichever folder an app is started from. Default: the working directory.
   */
  readonly root?: string;
  /** For migrations that rewrite stored identifiers as keyed hashes (needs OTP_HASH_SECRET). */
  readonly migrationKeys?: MigrationKeys;
}

/** Opens the store named by DATABASE_URL and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<OtpStore> {
  const url = options.databaseUrl;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const file = path === ':memory:' ? path : resolve(options.root ?? process.cwd(), path);
    return new SqliteStore(file, { migrationKeys: options.migrationKeys });
  }
  throw new Error('DATABASE_URL: postgres:// is not available in this build yet; use sqlite:<path>');
}
