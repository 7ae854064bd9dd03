/** What the harness tells the Unleash process (as JSON in argv[2]) and what that process answers over IPC. */
export interface ProcessSettings {
  /** Unleash's database on an existing server (tests pass a fresh one); null: start an embedded PostgreSQL. */
  readonly databaseUrl: string | null;
  /** The embedded PostgreSQL: its data folder (kept; null = a temporary one) and port. */
  readonly postgres: { readonly dataDir: string | null; readonly port: number };
  readonly unleashPort: number;
  readonly host: string;
  /** Unleash log level for the server's own logs (they go to stderr). */
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export type ProcessMessage =
  | { readonly type: 'ready'; readonly url: string; readonly postgresPid: number | null }
  | { readonly type: 'failed'; readonly message: string };

/** Sent by the harness to ask for a clean stop (Unleash first, then PostgreSQL). */
export const STOP_MESSAGE = 'stop';

/** The database the process creates for Unleash inside an embedded cluster. */
export const DATABASE_NAME = 'unleash';
export const DATABASE_USER = 'postgres';
export const DATABASE_PASSWORD = 'unleash-local';
