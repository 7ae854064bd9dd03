/** Jest global teardown: stops the embedded PostgreSQL of global-setup.ts (also after a red run). */
import { TEST_DATABASE_CA_VARIABLE, TEST_DATABASE_URL_VARIABLE } from '../lib/test-database';
import { SERVER_KEY, type GlobalWithServer } from './shared';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as GlobalWithServer;
  const server = holder[SERVER_KEY];
  if (!server) return;
  delete holder[SERVER_KEY];
  delete process.env[TEST_DATABASE_URL_VARIABLE];
  delete process.env[TEST_DATABASE_CA_VARIABLE];
  await server.stop();
}
