import { resolve } from 'node:path';
import type { OtpStore } from './port';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';

export interface StoreOptions {
  /** `sqlite:<path>` (relative to `cwd`) or `postgres://…` / `postgresql://…` (DESIGN §2). */
  readonly databaseUrl: string;
  readonly cwd?: string;
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
    return new SqliteStore(path === ':memory:' ? path : resolve(options.cwd ?? process.cwd(), path));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return PostgresStore.open(url, {
      ...(options.applicationName ? { applicationName: options.applicationName } : {}),
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }
  throw new Error('DATABASE_URL: must start with sqlite: or postgres://');
}
