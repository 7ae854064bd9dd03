import { resolve } from 'node:path';
import type { OtpStore } from './port';
import { SqliteStore } from './sqlite/sqlite-store';

export interface StoreOptions {
  /** `sqlite:<path>` (relative to `cwd`) or `postgres://…` (DESIGN §2). */
  readonly databaseUrl: string;
  readonly cwd?: string;
}

/** Opens the store named by DATABASE_URL and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<OtpStore> {
  const url = options.databaseUrl;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return new SqliteStore(path === ':memory:' ? path : resolve(options.cwd ?? process.cwd(), path));
  }
  throw new Error('DATABASE_URL: postgres:// is not available in this build yet; use sqlite:<path>');
}
