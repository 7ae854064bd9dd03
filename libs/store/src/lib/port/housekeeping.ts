/**
 * What housekeeping may delete, each by one indexed time column (Unix ms):
 * - `rate_counters`: windows that ended (`reset_at`);
 * - `idempotency_keys`: keys past their 24 h (`expires_at`);
 * - `otp_requests`: requests, with their send attempts, that expired (`expires_at`);
 * - `deliveries`: delivery records, with their receipt events, last changed (`updated_at`);
 * - `audit_log`: audit rows, by when they were written (`at`).
 * A new table with a retention is one more name here and one more case per adapter.
 */
export const PRUNE_TARGETS = [
  'rate_counters',
  'idempotency_keys',
  'otp_requests',
  'deliveries',
  'audit_log',
] as const;
export type PruneTarget = (typeof PRUNE_TARGETS)[number];

/** Background clean-up, safe to run from every instance at once (DESIGN §2, background duties). */
export interface HousekeepingStore {
  /**
   * Deletes at most `limit` rows of `target` whose time column is before `before`, in one short
   * transaction, and answers how many it deleted (fewer than `limit`: nothing more is due). Each row is
   * claimed once: callers on other connections or instances at the same moment delete other rows
   * (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the batch runs under the file's single write lock).
   */
  pruneBatch(target: PruneTarget, before: number, limit: number): Promise<number>;
}
