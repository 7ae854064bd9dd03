export { reachableDataFolder } from './lib/data-folder';
export { freePort } from './lib/free-port';
export { startPostgres, type RunningPostgres, type StartPostgresOptions } from './lib/start-postgres';
export {
  createTestDatabase,
  testServerUrl,
  TEST_DATABASE_CA_VARIABLE,
  TEST_DATABASE_URL_VARIABLE,
  type TestDatabase,
} from './lib/test-database';
