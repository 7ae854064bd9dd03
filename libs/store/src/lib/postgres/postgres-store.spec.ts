import { Client } from 'pg';
import {
  createTestDatabase,
  TEST_DATABASE_CA_VARIABLE,
  type TestDatabase,
} from '@agent-mitra/postgres-harness';
import { openStore, PostgresStore, postgresSettings, type OtpStore } from '../../index';
import { describeAuditContract } from '../../testing/audit-contract';
import { describeBreakerContract } from '../../testing/breaker-contract';
import { describeSendContract } from '../../testing/send-contract';
import { describeFallbackContract } from '../../testing/fallback-contract';
import { describeStatsContract } from '../../testing/stats-contract';
import { describeStoreContract, type StoreHandle } from '../../testing/store-contract';
import { POSTGRES_MIGRATIONS } from './migrations';

// One database for this file (on the run's embedded PostgreSQL) and one store on it; each contract
// test starts from empty tables.
let db: TestDatabase;
let shared: OtpStore | undefined;
beforeAll(async () => {
  db = await createTestDatabase('store');
});
afterAll(async () => {
  await shared?.close();
  await db?.drop();
});

async function sql<T extends object>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const TABLES = [
  'otp_requests',
  'send_attempts',
  'deliveries',
  'delivery_events',
  'rate_counters',
  'idempotency_keys',
  'circuit_breakers',
  'audit_log',
];

async function openPostgres(): Promise<StoreHandle> {
  const store = (shared ??= await openStore({ databaseUrl: db.url }));
  await sql(db.url, TABLES.map((table) => `DELETE FROM ${table};`).join(' '));
  const peers: OtpStore[] = [];
  return {
    store,
    openPeer: async () => {
      const peer = await PostgresStore.open(db.url);
      peers.push(peer);
      return peer;
    },
    sealedPhones: async () => {
      const rows = await sql<{ n: string }>(
        db.url,
        'SELECT COUNT(*) AS n FROM otp_requests WHERE fallback_phone IS NOT NULL',
      );
      return Number(rows[0]?.n ?? 0);
    },
    cleanup: async () => {
      await Promise.all(peers.map((peer) => peer.close()));
    },
  };
}

describeStoreContract('postgres', openPostgres);
describeBreakerContract('postgres', openPostgres);
describeFallbackContract('postgres', openPostgres);
describeStatsContract('postgres', openPostgres);
describeAuditContract('postgres', openPostgres);
describeSendContract('postgres', openPostgres);

describe('postgres store', () => {
  it('migrates once when several instances start at the same moment', async () => {
    const fresh = await createTestDatabase('store_migrate');
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open(fresh.url)));
      await Promise.all(stores.map((store) => store.ping()));
      await Promise.all(stores.map((store) => store.close()));
      const rows = await sql<{ version: number }>(fresh.url, 'SELECT version FROM schema_migrations');
      expect(rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await fresh.drop();
    }
  });

  it('takes the pool size, statement timeout and application name from the URL', async () => {
    const settings = postgresSettings(
      `${db.url}?pool_max=2&statement_timeout=1234&connect_timeout=3`,
      'otp-test',
    );
    expect(settings).toMatchObject({ poolMax: 2, statementTimeoutMs: 1234, connectTimeoutMs: 3000 });
    expect(settings.connectionString).not.toContain('pool_max');
    const [session] = await sql<{ timeout: string; app: string }>(
      settings.connectionString,
      "SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') AS app",
    );
    expect(session).toEqual({ timeout: '1234ms', app: 'otp-test' });
    expect(postgresSettings(db.url).statementTimeoutMs).toBe(5000);
    expect(() => postgresSettings(`${db.url}?pool_max=lots`)).toThrow(/pool_max/);

    const store = await openStore({ databaseUrl: `${db.url}?pool_max=2`, applicationName: 'otp-pool-test' });
    try {
      await Promise.all(Array.from({ length: 20 }, () => store.ping()));
      const [count] = await sql<{ n: string }>(
        db.url,
        "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'otp-pool-test'",
      );
      expect(Number(count?.n)).toBeLessThanOrEqual(2);
    } finally {
      await store.close();
    }
  });

  const ca = process.env[TEST_DATABASE_CA_VARIABLE];
  (ca ? it : it.skip)('speaks TLS when the URL asks for it (sslmode), verifying the server', async () => {
    const tlsQuery = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';
    const verified = `${db.url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca ?? '')}`;
    const store = await openStore({ databaseUrl: verified });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    expect(await sql(postgresSettings(verified).connectionString, tlsQuery)).toEqual([{ ssl: true }]);
    expect(await sql(`${db.url}?sslmode=disable`, tlsQuery)).toEqual([{ ssl: false }]);
    // An untrusted server certificate is refused, without the URL in the error.
    await expect(openStore({ databaseUrl: `${db.url}?sslmode=verify-full` })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.not.stringContaining('postgres://'),
    });
  });

  it('answers STORE_UNAVAILABLE while the database refuses connections, then recovers by itself', async () => {
    const errors: Error[] = [];
    const store = await openStore({ databaseUrl: db.url, onConnectionError: (error) => errors.push(error) });
    const quoted = `"${db.name}"`;
    try {
      await store.ping();
      await sql(
        db.url.replace(`/${db.name}`, '/postgres'),
        `ALTER DATABASE ${quoted} ALLOW_CONNECTIONS false`,
      );
      await sql(
        db.url.replace(`/${db.name}`, '/postgres'),
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [db.name],
      );
      await expect(store.ping()).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.not.stringContaining(db.name),
      });
      await expect(store.getRequest('any')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await sql(
        db.url.replace(`/${db.name}`, '/postgres'),
        `ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`,
      );
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.getRequest('any')).toBeNull();
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('refuses to open when the server cannot be reached, without the password in the error', async () => {
    const unreachable = 'postgres://otp:s3cret-pass@127.0.0.1:1/otp?connect_timeout=1';
    const opening = openStore({ databaseUrl: unreachable });
    await expect(opening).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(opening).rejects.toHaveProperty('message', expect.not.stringContaining('s3cret'));
  });
});
