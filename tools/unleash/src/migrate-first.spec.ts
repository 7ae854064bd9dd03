// The start-up guard against Unleash starting on an empty schema, on a real PostgreSQL database.
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@agent-mitra/postgres-harness';
import { migrateUntilReady, type UnleashDbSettings } from './migrate-first';
import { failureMessage } from './spawn-process';

function settingsOf(url: string): UnleashDbSettings {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: parsed.pathname.slice(1),
    ssl: false,
    driver: 'postgres',
    schema: 'public',
    disableMigration: false,
  };
}

async function run(db: UnleashDbSettings, sql: string): Promise<void> {
  const client = new Client({ ...db });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

describe('migrateUntilReady', () => {
  let database: TestDatabase;
  let db: UnleashDbSettings;

  beforeEach(async () => {
    database = await createTestDatabase('unleash_migrate');
    db = settingsOf(database.url);
  });
  afterEach(() => database.drop());

  it('runs the migrations again when a run "succeeds" without creating the tables', async () => {
    const calls: string[] = [];
    const migrate = async () => {
      calls.push('migrate');
      if (calls.length === 1) return; // the first run reports success but did nothing
      await run(db, 'CREATE TABLE users (id int); CREATE TABLE api_tokens (secret text);');
      await run(db, 'CREATE TABLE settings (name text); CREATE TABLE migrations (name text);');
    };
    await migrateUntilReady(migrate, db);
    expect(calls).toEqual(['migrate', 'migrate']);
  });

  it('retries a migration that fails (a connection timeout under load)', async () => {
    let calls = 0;
    const migrate = async () => {
      calls += 1;
      if (calls === 1) throw new Error('Connection terminated due to connection timeout');
      await run(db, 'CREATE TABLE users (id int); CREATE TABLE api_tokens (secret text);');
      await run(db, 'CREATE TABLE settings (name text); CREATE TABLE migrations (name text);');
    };
    await migrateUntilReady(migrate, db);
    expect(calls).toBe(2);
  });

  it('gives up with one short line naming what is missing', async () => {
    const error = await migrateUntilReady(async () => undefined, db).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toBe(
      "Unleash's database migrations failed 4 times: tables missing after the migrations: users, api_tokens, settings, migrations",
    );
  }, 20_000);
});

describe('failureMessage', () => {
  it('keeps the reason and a few log lines, without stack frames or colour codes', () => {
    const stack = Array.from({ length: 40 }, (_, index) => `    at frame${index} (knex/lib/runner.js:1:1)`);
    const output = [
      '\u001b[31m[2026-11-30T07:00:00.000] [ERROR] global-frontend-api-cache.ts - \u001b[39mCannot load data for token',
      ...stack,
      '  }',
    ];
    const message = failureMessage('the Unleash process exited (1)\nsecond line', output);
    expect(message).toBe(
      'Unleash did not start: the Unleash process exited (1)\nits last lines:\n' +
        '  [2026-11-30T07:00:00.000] [ERROR] global-frontend-api-cache.ts - Cannot load data for token',
    );
  });
});
