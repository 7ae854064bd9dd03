import type { QuotaBucket, QuotaDecision, QuotaStore } from '../port';
import { statement, type PostgresConnection } from './connection';

type RefusalRow = { refused_key: string | null; retry_after_ms: string | number | null };

/**
 * Commits the statement's transaction without waiting for its WAL flush. Quota counters only: a counter
 * row locked by every send (the global budget, one busy address) would otherwise stay locked through
 * each commit's fsync, and every send in the cluster would queue behind it (~1 ms each on a good disk).
 * What a database crash can cost: the counts of the last ~0.6 s (3 × `wal_writer_delay`) — a few sends
 * too many in that window — never a request, an attempt or an audit row, which commit normally.
 */
export const QUICK_COMMIT = `(SELECT set_config('synchronous_commit', 'off', true))`;

/** Takes every bucket or none (migration 8's `otp_take_quota`), in one statement committed quickly. */
const take = statement(
  'quota.take',
  `SELECT ${QUICK_COMMIT} AS commit_mode, q.refused_key, q.retry_after_ms
   FROM (SELECT 1) AS one LEFT JOIN otp_take_quota($1::text[], $2::bigint[], $3::bigint[], $4::bigint) AS q ON true`,
);

/** The refusal `otp_take_quota` would give, read from a snapshot without locking or taking. */
export const PEEK_SQL = (keys: string, limits: string, now: string) =>
  `SELECT b.key AS refused_key, c.reset_at - ${now} AS retry_after_ms
   FROM unnest(${keys}::text[], ${limits}::bigint[]) WITH ORDINALITY AS b(key, lim, n)
   JOIN rate_counters c ON c.key = b.key
   WHERE c.reset_at > ${now} AND c.count >= b.lim
   ORDER BY c.reset_at - ${now} DESC, b.n LIMIT 1`;

const peek = statement('quota.peek', PEEK_SQL('$1', '$2', '$3::bigint'));

/** Adds one to every bucket (a window that ended starts again at 1), in key order. */
export const ADD_SQL = (keys: string, windows: string, now: string, source = '') =>
  `INSERT INTO rate_counters AS r (key, count, reset_at)
   SELECT b.key, 1, ${now} + b.win FROM unnest(${keys}::text[], ${windows}::bigint[]) AS b(key, win)${source}
   ORDER BY b.key
   ON CONFLICT (key) DO UPDATE SET
     count = CASE WHEN r.reset_at <= ${now} THEN 1 ELSE r.count + 1 END,
     reset_at = CASE WHEN r.reset_at <= ${now} THEN excluded.reset_at ELSE r.reset_at END`;

const add = statement('quota.add', ADD_SQL('$1', '$2', '$3::bigint'));

/** The statement values of a bucket list: keys, limits, windows. */
export function bucketArrays(buckets: readonly QuotaBucket[]) {
  return {
    keys: buckets.map((bucket) => bucket.key),
    limits: buckets.map((bucket) => bucket.limit),
    windows: buckets.map((bucket) => bucket.windowMs),
  };
}

/** A refusal row (or none) as the port's decision. */
export function decisionOf(row: RefusalRow | undefined): QuotaDecision {
  if (!row || row.refused_key === null) return { allowed: true };
  return { allowed: false, key: row.refused_key, retryAfterMs: Number(row.retry_after_ms) };
}

/**
 * Fixed-window counters on PostgreSQL. A consume is one call of `otp_take_quota` (every bucket's row
 * locked in key order, checked, then all taken or none) committed without waiting for the WAL flush
 * (see QUICK_COMMIT); a peek reads a snapshot without locking (what a consume would have decided at
 * that moment); an add is one upsert.
 */
export class PostgresQuota implements QuotaStore {
  constructor(private readonly c: PostgresConnection) {}

  async consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    if (buckets.length === 0) return { allowed: true };
    const { keys, limits, windows } = bucketArrays(buckets);
    return decisionOf((await this.c.run<RefusalRow>(take(keys, limits, windows, now))).rows[0]);
  }

  async peekQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    if (buckets.length === 0) return { allowed: true };
    const { keys, limits } = bucketArrays(buckets);
    return decisionOf((await this.c.run<RefusalRow>(peek(keys, limits, now))).rows[0]);
  }

  async addQuota(buckets: readonly QuotaBucket[], now: number): Promise<void> {
    if (buckets.length === 0) return;
    const { keys, windows } = bucketArrays(buckets);
    await this.c.run(add(keys, windows, now));
  }
}
