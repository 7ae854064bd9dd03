/** How the PostgreSQL adapter connects, read from DATABASE_URL (README "Deployment"). */
export interface PostgresSettings {
  /** The URL handed to node-postgres, without the parameters this adapter consumes. */
  readonly connectionString: string;
  /** Connections per process (`pool_max`, default 10). */
  readonly poolMax: number;
  /** Longest a query may run on the server (`statement_timeout`, ms, default 5000). */
  readonly statementTimeoutMs: number;
  /** Longest to wait for a new connection (`connect_timeout`, seconds as in libpq, default 5). */
  readonly connectTimeoutMs: number;
  readonly applicationName: string;
}

const DEFAULTS = { poolMax: 10, statementTimeoutMs: 5_000, connectTimeoutSeconds: 5 };

/**
 * Reads the adapter's settings from a `postgres://` URL. Everything libpq-style that node-postgres
 * understands stays in the URL (`sslmode`, `sslrootcert`, `application_name`, `statement_timeout`, …);
 * `pool_max` and `connect_timeout` are taken out and applied here. Throws on a malformed number, naming
 * the parameter (never the URL, which may hold a password).
 */
export function postgresSettings(databaseUrl: string, applicationName = 'agent-mitra-otp'): PostgresSettings {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('DATABASE_URL: not a valid postgres:// URL');
  }
  const poolMax = take(url, 'pool_max', DEFAULTS.poolMax, 1, 1_000);
  const connectTimeoutSeconds = take(url, 'connect_timeout', DEFAULTS.connectTimeoutSeconds, 1, 600);
  const statementTimeoutMs = read(url, 'statement_timeout', DEFAULTS.statementTimeoutMs, 0, 3_600_000);
  if (!url.searchParams.has('statement_timeout'))
    url.searchParams.set('statement_timeout', String(statementTimeoutMs));
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', applicationName);
  return {
    connectionString: url.toString(),
    poolMax,
    statementTimeoutMs,
    connectTimeoutMs: connectTimeoutSeconds * 1000,
    applicationName: url.searchParams.get('application_name') ?? applicationName,
  };
}

function take(url: URL, name: string, fallback: number, min: number, max: number): number {
  const value = read(url, name, fallback, min, max);
  url.searchParams.delete(name);
  return value;
}

function read(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`DATABASE_URL: ${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
