import { resolve } from 'node:path';
import type { MigrationKeys } from './migration-keys';
import type { OtpStore } from './port';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';

export interface StoreOptions {
  /** `sqlite:<path>` or `postgres://…` / `postgresql://…` (DESIGN §2). */
  readonly databaseUrl: string;
  /**
   * Where a relative `sqlite:` path starts: the project root (DESIGN §2), so `sqlite:./data/otp.sqlite`
   * is the same file whichever folder an app is started from. Default: the working directory.
   */
  readonly root?: string | undefined;
  /** For migrations that rewrite stored identifiers as keyed hashes (needs OTP_HASH_SECRET). */
  readonly migrationKeys?: MigrationKeys;
  /** Names the connections in PostgreSQL's `pg_stat_activity`, e.g. `agent-mitra-otp-gateway`. */
  readonly applicationName?: string;
  /** Told when an idle PostgreSQL connection breaks (the pool replaces it); e.g. a warn log line. */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * Opens the store named by DATABASE_URL and brings its schema up to date. Rejects (with the reason, never
 * the URL) when the database cannot be reached or migrated, so an app does not start on a broken store.
 */
export async function openStore(options: StoreOptions): Promise<OtpStore> {
  const url = options.databaseUrl;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const file = path === ':memory:' ? path : resolve(options.root ?? process.cwd(), path);
    return new SqliteStore(file, { migrationKeys: options.migrationKeys });
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return PostgresStore.open(url, {
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }
  throw new Error('DATABASE_URL: must start with sqlite: or postgres://');
}
