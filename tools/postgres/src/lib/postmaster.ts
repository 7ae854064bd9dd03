import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Binaries } from './binaries';
import { runAs, serverEnvironment } from './initdb';
import type { ServerUser } from './server-user';
import type { ServerCertificate } from './tls';

const KEPT_LINES = 30;
const STOP_GRACE_MS = 15_000;

export interface PostmasterSettings {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  /** fsync, full-page writes and synchronous commit off: for throw-away test clusters only. */
  readonly fast: boolean;
  /** Copy the server's log lines to our stderr (the CLI does). */
  readonly echo: boolean;
  /** Accept TLS with this certificate and key (clients choose with `sslmode`). */
  readonly tls: ServerCertificate | null;
}

/** One running `postgres` server process. */
export interface Postmaster {
  readonly pid: number;
  /** Fast shutdown (SIGINT: open sessions are ended), then SIGQUIT if it lingers; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `postgres` on a TCP port only (no Unix socket, so no folder of ours must be shared with the
 * server user) and resolves once `connectionUrl` accepts a connection. If the process exits first or
 * the deadline passes, it is stopped and the error carries its last log lines.
 */
export async function startPostmaster(
  bin: Binaries,
  user: ServerUser,
  settings: PostmasterSettings,
  connectionUrl: string,
  timeoutMs: number,
): Promise<Postmaster> {
  const args = [
    '-D', settings.dataDir,
    '-p', String(settings.port),
    '-c', `listen_addresses=${settings.host}`,
    '-c', 'unix_socket_directories=',
    '-c', `max_connections=${settings.maxConnections}`,
    ...(settings.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ...(settings.tls ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${settings.tls.certFile}`, '-c', `ssl_key_file=${settings.tls.keyFile}`] : []),
  ]; // prettier-ignore
  const child = spawn(bin.postgres, args, {
    ...runAs(user),
    env: serverEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    if (settings.echo) process.stderr.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      lines.push(`could not run ${bin.postgres}: ${error.message}`);
      resolve();
    });
  }).then(() => {
    gone = true;
  });
  const postmaster: Postmaster = {
    pid: child.pid ?? -1,
    stop: async () => {
      if (gone) return;
      child.kill('SIGINT');
      const late = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS, true, { ref: false })]);
      if (late) child.kill('SIGQUIT');
      await exited;
    },
  };
  try {
    await waitUntilAccepting(connectionUrl, () => gone, Date.now() + timeoutMs);
    return postmaster;
  } catch (error) {
    await postmaster.stop();
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${lines.join('\n')}`);
  }
}

async function waitUntilAccepting(url: string, gone: () => boolean, deadline: number): Promise<void> {
  for (;;) {
    if (gone()) throw new Error('the server process ended');
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    const ok = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (ok) return;
    if (Date.now() > deadline) throw new Error('no connection accepted in time');
    await sleep(50);
  }
}
