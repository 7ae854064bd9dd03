import { Pool, type PoolClient, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';
import { OtpError } from '@agent-mitra/errors';
import type { PostgresSettings } from './settings';

/** A statement with a name: node-postgres prepares it once per connection, then only binds values. */
export function statement(name: string, text: string): (...values: unknown[]) => QueryConfig {
  const config = { name, text };
  return (...values) => ({ ...config, values });
}

/** What a concern file runs statements on: the pool, or one connection inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

// serialization_failure, deadlock_detected: the transaction did nothing and may simply run again.
const RETRYABLE = new Set(['40001', '40P01']);
const TX_ATTEMPTS = 3;

/**
 * A node-postgres pool with the adapter's timeouts, and the two ways store work runs on it: `run` (one
 * statement, autocommit) and `tx` (BEGIN … COMMIT on one connection, run again on a deadlock or
 * serialization failure). Anything the database throws becomes STORE_UNAVAILABLE, its text kept only
 * in `cause`. A connection that breaks while idle (the server restarted) is reported to `onIdleError`
 * and replaced by the pool on the next query, so the store recovers without a restart.
 */
export class PostgresConnection {
  readonly pool: Pool;

  constructor(settings: PostgresSettings, onIdleError: (error: Error) => void) {
    this.pool = new Pool({
      connectionString: settings.connectionString,
      max: settings.poolMax,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      ...(settings.statementTimeoutMs > 0 ? { query_timeout: settings.statementTimeoutMs + 2_000 } : {}),
      idle_in_transaction_session_timeout: 60_000,
    });
    this.pool.on('error', onIdleError);
  }

  async run<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>> {
    try {
      return await this.pool.query<R>(config);
    } catch (error) {
      throw storeError(error);
    }
  }

  async tx<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(work);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt < TX_ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw storeError(error);
      }
    }
  }

  private async once<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function storeError(error: unknown): OtpError {
  if (error instanceof OtpError) return error;
  const failure = new OtpError('STORE_UNAVAILABLE');
  (failure as Error).cause = error;
  return failure;
}
