import type Database from 'better-sqlite3';
import type { PruneTarget } from '../port';
import type { SqliteConnection } from './connection';

// Per target, the statements of one batch (? = before, ? = limit); the last one's count is the answer.
// Each picks the same rows: the oldest due ones on the indexed time column, in a stable order.
const due = (table: string, column: string, key = 'rowid') =>
  `SELECT ${key} FROM ${table} WHERE ${column} < ? ORDER BY ${column}, rowid LIMIT ?`;
const SQL: Record<PruneTarget, readonly string[]> = {
  rate_counters: [`DELETE FROM rate_counters WHERE rowid IN (${due('rate_counters', 'reset_at')})`],
  idempotency_keys: [
    `DELETE FROM idempotency_keys WHERE rowid IN (${due('idempotency_keys', 'expires_at')})`,
  ],
  otp_requests: [
    `DELETE FROM send_attempts WHERE request_id IN (${due('otp_requests', 'expires_at', 'id')})`,
    `DELETE FROM otp_requests WHERE rowid IN (${due('otp_requests', 'expires_at')})`,
  ],
  deliveries: [
    `DELETE FROM delivery_events WHERE (provider, message_key) IN
       (${due('deliveries', 'updated_at', 'provider, message_key')})`,
    `DELETE FROM deliveries WHERE rowid IN (${due('deliveries', 'updated_at')})`,
  ],
  audit_log: [`DELETE FROM audit_log WHERE id IN (${due('audit_log', 'at', 'id')})`],
};

/**
 * Housekeeping batches on SQLite: each runs in its own short `BEGIN IMMEDIATE` transaction, so the
 * file's single write lock makes every batch exclusive (no row is claimed twice) and holds it only for
 * one batch. Statements prepared once.
 */
export class SqliteHousekeeping {
  private readonly statements: Record<PruneTarget, Database.Statement<[number, number]>[]>;

  constructor(private readonly c: SqliteConnection) {
    const prepare = (list: readonly string[]) => list.map((sql) => c.db.prepare<[number, number]>(sql));
    this.statements = {
      rate_counters: prepare(SQL.rate_counters),
      idempotency_keys: prepare(SQL.idempotency_keys),
      otp_requests: prepare(SQL.otp_requests),
      deliveries: prepare(SQL.deliveries),
      audit_log: prepare(SQL.audit_log),
    };
  }

  pruneBatch(target: PruneTarget, before: number, limit: number): Promise<number> {
    return this.c.tx(() => {
      let deleted = 0;
      for (const statement of this.statements[target]) deleted = statement.run(before, limit).changes;
      return deleted;
    });
  }
}
