import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The server tests use: set by the Jest global setup (an embedded PostgreSQL), or by you for an existing one. */
export const TEST_DATABASE_URL_VARIABLE = 'TEST_DATABASE_URL';
/** The certificate to trust for TLS to the test server, when it accepts TLS (the embedded one does). */
export const TEST_DATABASE_CA_VARIABLE = 'TEST_DATABASE_SSLROOTCERT';

export interface TestDatabase {
  /** `postgres://…/<name>`: a new, empty database on the test server. */
  readonly url: string;
  readonly name: string;
  /** Drops it, ending any session still connected. Safe to call twice. */
  drop(): Promise<void>;
}

/** The test server's URL; throws with what to do when no Jest global setup provided one. */
export function testServerUrl(): string {
  const url = process.env[TEST_DATABASE_URL_VARIABLE];
  if (!url) {
    throw new Error(
      `${TEST_DATABASE_URL_VARIABLE} is not set: run PostgreSQL-backed tests through Jest (npm test, npx jest <path>), ` +
        'whose global setup starts one, or point it at a server whose user may create databases',
    );
  }
  return url;
}

/**
 * A fresh database on the test server for one suite (`label` makes it recognisable, e.g. `store`).
 * Suites never share data, so they can run in any order or in parallel workers.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropping: Promise<void> | null = null;
  return {
    url: url.toString(),
    name,
    drop: () =>
      (dropping ??= onServer(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      })),
  };
}

async function onServer(url: string, work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
