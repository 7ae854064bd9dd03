/**
 * A local Unleash for developers: `npm run unleash` (runs this file through @swc-node/register).
 * Unleash on 127.0.0.1:4242 with its PostgreSQL data in ./data/unleash-pg (flags survive restarts), fixed
 * local tokens, the project's flags created (off), and the lines to paste into .env. Ctrl-C stops it.
 * Options: --port=4242 --postgres-port=54320 --data=./data/unleash-pg
 */
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reachableDataFolder } from '@agent-mitra/postgres-harness';
import { startUnleash } from './start-unleash';

/** Local-only tokens: seeded into an empty database, so they stay valid across restarts. */
const ADMIN_TOKEN = '*:*.agent-mitra-local-admin-token';
const CLIENT_TOKEN = '*:development.agent-mitra-local-client-token';

const PROJECT_FLAGS: Readonly<Record<string, string>> = {
  mock_otp_enabled: 'Mock mode: code 123456, nothing sent. Target test numbers with a userId constraint.',
  whatsapp_channel_enabled:
    'WhatsApp sends allowed; off: they go by SMS when fallback is allowed, else fail as unavailable.',
  sms_fallback_enabled:
    'A failed (or switched-off) WhatsApp send may go by SMS when the request allows fallback.',
};

/** Fails at once, in one line, when a port is taken (Unleash's own failure there is a page of stacks). */
function assertPortFree(port: number, option: string): Promise<void> {
  return new Promise((free, taken) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      taken(
        new Error(`port ${port} is in use (${error.code ?? error.message}): choose another with ${option}`),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => free()));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4242' },
      'postgres-port': { type: 'string', default: '54320' },
      data: { type: 'string', default: './data/unleash-pg' },
    },
  });
  await assertPortFree(Number(values.port), '--port');
  await assertPortFree(Number(values['postgres-port']), '--postgres-port');
  const asked = resolve(values.data);
  const { dataDir, moved } = reachableDataFolder(asked, 'unleash-pg');
  if (moved)
    process.stdout.write(`The postgres user cannot enter the folder of ${asked}; using ${dataDir}\n`);
  process.stdout.write(`Starting Unleash (PostgreSQL data in ${dataDir})…\n`);
  const unleash = await startUnleash({
    port: Number(values.port),
    postgresPort: Number(values['postgres-port']),
    dataDir,
    adminToken: ADMIN_TOKEN,
    clientToken: CLIENT_TOKEN,
    logLevel: 'warn',
    echoLogs: true,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping Unleash…\n');
    void unleash.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (const [name, description] of Object.entries(PROJECT_FLAGS))
    await unleash.admin.createFlag(name, description);
  const ui = unleash.url.replace(/api\/$/, '');
  process.stdout.write(
    [
      '',
      `Unleash UI:   ${ui}  (user admin, password unleash4all on a new database)`,
      `Admin token:  ${ADMIN_TOKEN}`,
      `Client token: ${CLIENT_TOKEN}`,
      `Flags (created off if missing): ${Object.keys(PROJECT_FLAGS).join(', ')}`,
      'Off in Unleash means off for the app, whatever PIONEER_FLAG_* says: turn on what you need in the UI.',
      '',
      'Paste into .env:',
      `UNLEASH_URL=${unleash.url}`,
      `UNLEASH_API_TOKEN=${CLIENT_TOKEN}`,
      '',
      'Ctrl-C stops Unleash and its PostgreSQL.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
