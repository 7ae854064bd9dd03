import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UnleashAdmin } from './admin-api';
import { freePort } from './free-port';
import { spawnUnleashProcess, type UnleashProcess } from './spawn-process';

export interface StartUnleashOptions {
  /** Unleash HTTP port; a free one by default. */
  readonly port?: number;
  /** Embedded PostgreSQL port; a free one by default. */
  readonly postgresPort?: number;
  readonly host?: string;
  /** Keep the database here across runs; by default a temporary directory removed by stop(). */
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
  /** Process ids of the Unleash process and of its PostgreSQL postmaster, to check nothing is left. */
  readonly pids: { readonly unleash: number; readonly postgres: number | null };
  /** Stops Unleash, then PostgreSQL; removes a temporary data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a real Unleash (unleash-server with an embedded PostgreSQL) in a child process, seeds an admin
 * and a client token, and resolves once `/health` answers. Nothing reaches the internet: telemetry and
 * the version check are off.
 */
export async function startUnleash(options: StartUnleashOptions = {}): Promise<RunningUnleash> {
  const host = options.host ?? '127.0.0.1';
  const temporary = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'unleash-')) : null;
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to reach its directory.
  if (temporary) chmodSync(temporary, 0o755);
  const adminToken = options.adminToken ?? `*:*.${randomBytes(16).toString('hex')}`;
  const clientToken = options.clientToken ?? `*:development.${randomBytes(16).toString('hex')}`;
  let child: UnleashProcess;
  try {
    child = await spawnUnleashProcess({
      settings: {
        dataDir: temporary ? join(temporary, 'pg') : resolve(options.dataDir ?? ''),
        persistent: temporary === null,
        postgresPort: options.postgresPort ?? (await freePort(host)),
        unleashPort: options.port ?? (await freePort(host)),
        host,
        logLevel: options.logLevel ?? 'error',
      },
      tokens: { admin: adminToken, client: clientToken },
      timeoutMs: options.startTimeoutMs ?? 90_000,
      echo: options.echoLogs ?? false,
    });
  } catch (error) {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  let stopping: Promise<void> | null = null;
  return {
    url: child.url,
    adminToken,
    clientToken,
    admin: new UnleashAdmin(child.url, adminToken),
    pids: child.pids,
    stop: () =>
      (stopping ??= child.stop().finally(() => {
        if (temporary) rmSync(temporary, { recursive: true, force: true });
      })),
  };
}
