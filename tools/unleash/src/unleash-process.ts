/**
 * The child process that startUnleash() runs: an Unleash server, and the embedded PostgreSQL it needs
 * unless it was given a database. unleash-server is a large ES module, so a test runner never loads it;
 * one process to stop stops both. Settings arrive as JSON in argv[2]; API tokens, telemetry and the
 * version check are set through the environment by the harness (unleash-server reads them at import).
 */
import { startPostgres, type RunningPostgres } from '@agent-mitra/postgres-harness';
import { migrateUntilReady, type UnleashDbSettings } from './migrate-first';
import {
  DATABASE_NAME,
  DATABASE_PASSWORD,
  DATABASE_USER,
  STOP_MESSAGE,
  type ProcessMessage,
  type ProcessSettings,
} from './process-protocol';

type Stoppable = { stop(): Promise<void> };

function report(message: ProcessMessage): void {
  process.send?.(message);
}

/** Unleash's database: the one given, or an embedded PostgreSQL (tools/postgres) started here. */
async function openDatabase(
  settings: ProcessSettings,
): Promise<{ url: string; postgres: RunningPostgres | null }> {
  if (settings.databaseUrl) return { url: settings.databaseUrl, postgres: null };
  const postgres = await startPostgres({
    ...(settings.postgres.dataDir ? { dataDir: settings.postgres.dataDir } : {}),
    port: settings.postgres.port,
    user: DATABASE_USER,
    password: DATABASE_PASSWORD,
    database: DATABASE_NAME,
  });
  return { url: postgres.url, postgres };
}

/** Unleash's `db` settings from a `postgres://` URL. */
function dbSettings(databaseUrl: string): UnleashDbSettings {
  const db = new URL(databaseUrl);
  return {
    host: db.hostname,
    port: Number(db.port || 5432),
    user: decodeURIComponent(db.username),
    password: decodeURIComponent(db.password),
    database: decodeURIComponent(db.pathname.slice(1)),
    ssl: false,
    driver: 'postgres',
    schema: 'public',
    disableMigration: false,
  };
}

/** Migrates (checked, retried: see migrate-first.ts), then starts Unleash with its own migration step off. */
async function startUnleashServer(settings: ProcessSettings, databaseUrl: string): Promise<Stoppable> {
  const { start, migrateDb, LogLevel } = await import('unleash-server');
  const db = dbSettings(databaseUrl);
  await migrateUntilReady(migrateDb, db);
  return start({
    db: { ...db, disableMigration: true },
    server: { port: settings.unleashPort, host: settings.host, gracefulShutdownEnable: false },
    versionCheck: { enable: false },
    logLevel: LogLevel[settings.logLevel],
  });
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ProcessSettings;
  const running: Stoppable[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      for (const service of running.reverse()) await service.stop().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.on('message', (message) => message === STOP_MESSAGE && stop());
  process.on('disconnect', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const database = await openDatabase(settings);
    if (database.postgres) running.push(database.postgres);
    running.push(await startUnleashServer(settings, database.url));
    const url = `http://${settings.host}:${settings.unleashPort}/api/`;
    report({ type: 'ready', url, postgresPid: database.postgres?.pid() ?? null });
  } catch (error) {
    report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    stop();
  }
}

void main();
