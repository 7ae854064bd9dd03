/**
 * Runs unleash-server's database migrations before the server starts, retrying the transient failures a
 * loaded machine produces, and proves they ran by looking for Unleash's tables.
 *
 * Why not leave it to `start()`: unleash-server 8.2.0 checks and runs its migrations with db-migrate,
 * giving each migration connection a 10 s connect timeout (`dist/migrator.js`), and db-migrate-pg's
 * `connect` calls back twice when a connection fails (once with the error, then again with a driver on
 * the dead client). On a busy 2-core machine a first start (initdb just done, ~200 migrations to run)
 * is where those connections are slow, and the server has been seen to go on without its tables
 * (`relation "users" does not exist`, after ~30 s). Whatever path leads there, the cure is the same:
 * migrate, check that the tables exist, retry if not, and only then start the server with its own
 * migration step off — so it can never start on an empty schema.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

/** unleash-server's `db` option (its `IDBOption`), as `migrateDb` and `start` read it. */
export interface UnleashDbSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: false;
  driver: 'postgres';
  schema: string;
  disableMigration: boolean;
}

type Migrate = (config: { db: UnleashDbSettings }) => Promise<unknown>;

const ATTEMPTS = 4;
const PAUSE_MS = 1_000;
/** Tables the first migrations create and `start()` reads at once (users, api_tokens, settings). */
const REQUIRED_TABLES = ['users', 'api_tokens', 'settings', 'migrations'] as const;

/**
 * Migrates until Unleash's tables exist, up to 4 attempts 1 s apart.
 * @throws Error with one short line (the last cause) when the tables are still missing.
 */
export async function migrateUntilReady(migrate: Migrate, db: UnleashDbSettings): Promise<void> {
  let lastProblem = 'unknown';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      await migrate({ db });
      const missing = await missingTables(db);
      if (missing.length === 0) return;
      lastProblem = `tables missing after the migrations: ${missing.join(', ')}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (attempt < ATTEMPTS) await sleep(PAUSE_MS);
  }
  throw new Error(`Unleash's database migrations failed ${ATTEMPTS} times: ${firstLine(lastProblem)}`);
}

async function missingTables(db: UnleashDbSettings): Promise<string[]> {
  const { host, port, user, password, database } = db;
  const client = new Client({ host, port, user, password, database, connectionTimeoutMillis: 30_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<{ name: string; found: string | null }>(
      `SELECT name, to_regclass(quote_ident($2) || '.' || quote_ident(name)) AS found FROM unnest($1::text[]) AS name`,
      [REQUIRED_TABLES, db.schema],
    );
    return result.rows.filter((row) => row.found === null).map((row) => row.name);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
