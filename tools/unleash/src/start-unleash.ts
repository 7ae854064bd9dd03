import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { UnleashAdmin } from './admin-api';
import { freePort } from '@agent-mitra/postgres-harness';
import { spawnUnleashProcess, type UnleashProcess } from './spawn-process';

export interface StartUnleashOptions {
  /** Unleash HTTP port; a free one by default. */
  readonly port?: number;
  /**
   * Unleash's database on a server that is already running, e.g. `createTestDatabase('unleash').url`
   * from @agent-mitra/postgres-harness in tests; by default an embedded PostgreSQL is started for it.
   */
  readonly databaseUrl?: string;
  /** Embedded PostgreSQL port; a free one by default. */
  readonly postgresPort?: number;
  readonly host?: string;
  /** Keep the embedded PostgreSQL's data here across runs; by default a temporary folder removed by stop(). */
  readonly dataDir?: string;
  /** Admin token (`*:*.<secret>`); random by default. Only seeded into a database that has no token yet. */
  readonly adminToken?: string;
  /** Backend (client SDK) token for the `development` environment; random by default. */
  readonly clientToken?: string;
  /** Unleash's own log level (its logs go to this process's stderr); `error` by default. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** How long PostgreSQL + migrations + Unleash may take to come up (default 90 s). */
  readonly startTimeoutMs?: number;
  /** Copy Unleash's output to this process's stderr (default false: kept for the error of a failed start). */
  readonly echoLogs?: boolean;
}

export interface RunningUnleash {
  /** The Unleash API URL to give an SDK (`UNLEASH_URL`), e.g. `http://127.0.0.1:4242/api/`. */
  readonly url: string;
  readonly adminToken: string;
  /** A backend token for the `development` environment (`UNLEASH_API_TOKEN`). */
  readonly clientToken: string;
  readonly admin: UnleashAdmin;
  /** Process ids of the Unleash process and of its embedded PostgreSQL postmaster (null without one). */
  readonly pids: { readonly unleash: number; readonly postgres: number | null };
  /** Stops Unleash, then its embedded PostgreSQL (removing a temporary cluster). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a real Unleash (unleash-server on the given database or an embedded PostgreSQL) in a child process, seeds an admin
 * and a client token, and resolves once `/health` answers. Nothing reaches the internet: telemetry and
 * the version check are off.
 */
export async function startUnleash(options: StartUnleashOptions = {}): Promise<RunningUnleash> {
  const host = options.host ?? '127.0.0.1';
  const adminToken = options.adminToken ?? `*:*.${randomBytes(16).toString('hex')}`;
  const clientToken = options.clientToken ?? `*:development.${randomBytes(16).toString('hex')}`;
  const child: UnleashProcess = await spawnUnleashProcess({
    settings: {
      databaseUrl: options.databaseUrl ?? null,
      postgres: {
        dataDir: options.dataDir === undefined ? null : resolve(options.dataDir),
        port: options.postgresPort ?? (await freePort(host)),
      },
      unleashPort: options.port ?? (await freePort(host)),
      host,
      logLevel: options.logLevel ?? 'error',
    },
    tokens: { admin: adminToken, client: clientToken },
    timeoutMs: options.startTimeoutMs ?? 90_000,
    echo: options.echoLogs ?? false,
  });
  let stopping: Promise<void> | null = null;
  return {
    url: child.url,
    adminToken,
    clientToken,
    admin: new UnleashAdmin(child.url, adminToken),
    pids: child.pids,
    stop: () => (stopping ??= child.stop()),
  };
}
