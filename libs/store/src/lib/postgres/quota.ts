import type { QuotaBucket, QuotaDecision, QuotaStore } from '../port';
import { statement, type PostgresConnection, type Queryable } from './connection';

type CounterRow = { key: string; count: number; reset_at: string };

// Creates missing counters (empty) so that every bucket has a row to lock; keys in one order, no deadlock.
const ensure = statement(
  'quota.ensure',
  `INSERT INTO rate_counters (key, count, reset_at) SELECT k, 0, 0 FROM unnest($1::text[]) AS k ORDER BY k
   ON CONFLICT DO NOTHING`,
);
const lock = statement(
  'quota.lock',
  'SELECT key, count, reset_at FROM rate_counters WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
);
const read = statement(
  'quota.read',
  'SELECT key, count, reset_at FROM rate_counters WHERE key = ANY($1::text[])',
);
const take = statement(
  'quota.take',
  `UPDATE rate_counters r SET
     count = CASE WHEN r.reset_at <= $2 THEN 1 ELSE r.count + 1 END,
     reset_at = CASE WHEN r.reset_at <= $2 THEN b.reset_at ELSE r.reset_at END
   FROM unnest($1::text[], $3::bigint[]) AS b(key, reset_at) WHERE r.key = b.key`,
);

/**
 * Fixed-window counters on PostgreSQL: in one transaction every bucket's row is locked (in key order),
 * checked, and then all are taken or none. A peek reads without locking (a snapshot: what a consume
 * would have decided at that moment).
 */
export class PostgresQuota implements QuotaStore {
  constructor(private readonly c: PostgresConnection) {}

  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    if (buckets.length === 0) return Promise.resolve({ allowed: true });
    const keys = buckets.map((bucket) => bucket.key);
    return this.c.tx(async (db) => {
      await db.query(ensure(keys));
      const rows = await db.query<CounterRow>(lock(keys));
      const refusal = check(buckets, rows.rows, now);
      if (refusal) return refusal;
      await takeAll(db, buckets, now);
      return { allowed: true } as const;
    });
  }

  async peekQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    if (buckets.length === 0) return { allowed: true };
    const rows = await this.c.run<CounterRow>(read(buckets.map((bucket) => bucket.key)));
    return check(buckets, rows.rows, now) ?? { allowed: true };
  }

  addQuota(buckets: readonly QuotaBucket[], now: number): Promise<void> {
    if (buckets.length === 0) return Promise.resolve();
    return this.c.tx(async (db) => {
      await db.query(ensure(buckets.map((bucket) => bucket.key)));
      await takeAll(db, buckets, now);
    });
  }
}

/** The refusal with the longest wait among the exhausted buckets, or null when none is. */
function check(
  buckets: readonly QuotaBucket[],
  rows: readonly CounterRow[],
  now: number,
): QuotaDecision | null {
  const current = new Map(rows.map((row) => [row.key, row]));
  let refusal: { allowed: false; key: string; retryAfterMs: number } | null = null;
  for (const bucket of buckets) {
    const row = current.get(bucket.key);
    const resetAt = Number(row?.reset_at ?? 0);
    if (row && resetAt > now && row.count >= bucket.limit) {
      const retryAfterMs = resetAt - now;
      if (!refusal || retryAfterMs > refusal.retryAfterMs) {
        refusal = { allowed: false, key: bucket.key, retryAfterMs };
      }
    }
  }
  return refusal;
}

async function takeAll(db: Queryable, buckets: readonly QuotaBucket[], now: number): Promise<void> {
  const keys = buckets.map((bucket) => bucket.key);
  await db.query(
    take(
      keys,
      now,
      buckets.map((bucket) => now + bucket.windowMs),
    ),
  );
}
