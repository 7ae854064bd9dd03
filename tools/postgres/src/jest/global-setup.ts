/**
 * Jest global setup of every project with PostgreSQL-backed tests (their jest.config.js spreads
 * tools/postgres/jest.postgres.js): one embedded PostgreSQL for the whole run, unless TEST_DATABASE_URL
 * already names a server. Suites make their own database on it (createTestDatabase). It also accepts
 * TLS when `openssl` is there (TEST_DATABASE_SSLROOTCERT names the certificate to trust). Runs in
 * Jest's own process (relative imports only: path aliases are not resolved here).
 */
import { startPostgres } from '../lib/start-postgres';
import { TEST_DATABASE_CA_VARIABLE, TEST_DATABASE_URL_VARIABLE } from '../lib/test-database';
import { canMakeCertificates } from '../lib/tls';
import { SERVER_KEY, type GlobalWithServer } from './shared';

export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_DATABASE_URL_VARIABLE]) return;
  const server = await startPostgres({ maxConnections: 300, tls: canMakeCertificates() });
  (globalThis as GlobalWithServer)[SERVER_KEY] = server;
  // Test workers and in-band suites read them from the environment.
  process.env[TEST_DATABASE_URL_VARIABLE] = server.adminUrl;
  if (server.caFile) process.env[TEST_DATABASE_CA_VARIABLE] = server.caFile;
}
