/**
 * `npm run store:copy -- <sqlite file> <postgres url>`: moves a SQLite store to PostgreSQL (README
 * "Deployment"). It brings the PostgreSQL schema up to date (the store's own migrations), then copies, in
 * one transaction, every column the two schemas share, table by table in the order rows were written
 * (so request order and attempt order survive). It copies into an empty database only (a failed copy
 * leaves it empty: one transaction). Stop the apps that write to the SQLite file first.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { PostgresStore } from '@agent-mitra/store';

const TABLES = [
  'otp_requests',
  'send_attempts',
  'deliveries',
  'delivery_events',
  'rate_counters',
  'idempotency_keys',
];
const BATCH = 500;

async function copyTable(sqlite: Database.Database, pg: Client, table: string): Promise<number> {
  const wanted = await pg.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' ORDER BY ordinal_position`,
    [table],
  );
  if (wanted.rowCount === 0) throw new Error(`PostgreSQL has no table ${table}`);
  const present = new Set((sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
  const columns = wanted.rows.map((row) => row.column_name).filter((name) => present.has(name));
  const rows = sqlite
    .prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`)
    .raw()
    .all() as unknown[][];
  let copied = 0;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const tuples = batch.map(
      (_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    );
    const inserted = await pg.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      batch.flat(),
    );
    copied += inserted.rowCount ?? 0;
  }
  return copied;
}

async function main(): Promise<void> {
  const [file, url] = process.argv.slice(2);
  if (!file || !url?.startsWith('postgres')) {
    throw new Error('usage: npm run store:copy -- <sqlite file> <postgres://… url>');
  }
  const sqlite = new Database(file.replace(/^sqlite:/, ''), { readonly: true, fileMustExist: true });
  await (await PostgresStore.open(url)).close(); // the schema, up to date
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    await pg.query('BEGIN');
    for (const table of TABLES) {
      const found = await pg.query(`SELECT 1 FROM ${table} LIMIT 1`);
      if (found.rowCount)
        throw new Error(`PostgreSQL already holds data (${table}); copy into a new, empty database`);
    }
    for (const table of TABLES)
      process.stdout.write(`${table}: ${await copyTable(sqlite, pg, table)} rows copied\n`);
    await pg.query('COMMIT');
  } catch (error) {
    await pg.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await pg.end();
    sqlite.close();
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  process.stderr.write(`store:copy: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(1);
});
