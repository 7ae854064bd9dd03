import type { PruneTarget } from '../port';
import { statement, type PostgresConnection } from './connection';

// Each batch: pick up to $2 due rows on the indexed time column, skipping rows another instance (or a
// live request) holds, and delete them with what hangs off them, in one statement = one short transaction.
const PRUNE = {
  rate_counters: statement(
    'housekeeping.rate_counters',
    `WITH due AS (SELECT key FROM rate_counters WHERE reset_at < $1 ORDER BY reset_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     DELETE FROM rate_counters r USING due WHERE r.key = due.key`,
  ),
  idempotency_keys: statement(
    'housekeeping.idempotency_keys',
    `WITH due AS (SELECT scope, key FROM idempotency_keys WHERE expires_at < $1 ORDER BY expires_at LIMIT $2
       FOR UPDATE SKIP LOCKED)
     DELETE FROM idempotency_keys k USING due WHERE k.scope = due.scope AND k.key = due.key`,
  ),
  otp_requests: statement(
    'housekeeping.otp_requests',
    `WITH due AS (SELECT id FROM otp_requests WHERE expires_at < $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       attempts AS (DELETE FROM send_attempts a USING due WHERE a.request_id = due.id)
     DELETE FROM otp_requests o USING due WHERE o.id = due.id`,
  ),
  deliveries: statement(
    'housekeeping.deliveries',
    `WITH due AS (SELECT provider, message_key FROM deliveries WHERE updated_at < $1 ORDER BY updated_at LIMIT $2
       FOR UPDATE SKIP LOCKED),
       events AS (DELETE FROM delivery_events e USING due
         WHERE e.provider = due.provider AND e.message_key = due.message_key)
     DELETE FROM deliveries d USING due WHERE d.provider = due.provider AND d.message_key = due.message_key`,
  ),
  audit_log: statement(
    'housekeeping.audit_log',
    `WITH due AS (SELECT id FROM audit_log WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)
     DELETE FROM audit_log a USING due WHERE a.id = due.id`,
  ),
} satisfies Record<PruneTarget, unknown>;

/** One housekeeping batch on PostgreSQL (see HousekeepingStore.pruneBatch). */
export async function prunePostgres(
  c: PostgresConnection,
  target: PruneTarget,
  before: number,
  limit: number,
): Promise<number> {
  return (await c.run(PRUNE[target](before, limit))).rowCount ?? 0;
}
