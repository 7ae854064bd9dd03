import type { SqliteConnection } from './connection';

/** Deletes expired counters and keys, and requests and receipts past retention, in one transaction. */
export function pruneSqlite(c: SqliteConnection, now: number, retentionMs: number): Promise<void> {
  return c.tx(() => {
    const db = c.db;
    const before = now - retentionMs;
    db.prepare('DELETE FROM rate_counters WHERE reset_at <= ?').run(now);
    db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
    db.prepare(
      'DELETE FROM send_attempts WHERE request_id IN (SELECT id FROM otp_requests WHERE expires_at < ?)',
    ).run(before);
    db.prepare('DELETE FROM otp_requests WHERE expires_at < ?').run(before);
    db.prepare(
      `DELETE FROM delivery_events WHERE (provider, message_key) IN
         (SELECT provider, message_key FROM deliveries WHERE updated_at < ?)`,
    ).run(before);
    db.prepare('DELETE FROM deliveries WHERE updated_at < ?').run(before);
  });
}
