import type Database from 'better-sqlite3';
import type { QuotaBucket, QuotaDecision, QuotaStore } from '../port';
import type { SqliteConnection } from './connection';

type CounterRow = { count: number; reset_at: number };

/**
 * Fixed-window counters on SQLite: all buckets are checked and taken in one `BEGIN IMMEDIATE`
 * transaction, so processes sharing the file see one count.
 */
export class SqliteQuota implements QuotaStore {
  private readonly read: Database.Statement<[string], CounterRow>;
  private readonly take: Database.Statement;

  constructor(private readonly c: SqliteConnection) {
    this.read = c.db.prepare('SELECT count, reset_at FROM rate_counters WHERE key = ?');
    this.take = c.db.prepare(
      `INSERT INTO rate_counters (key, count, reset_at) VALUES (@key, 1, @resetAt)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN reset_at <= @now THEN 1 ELSE count + 1 END,
         reset_at = CASE WHEN reset_at <= @now THEN @resetAt ELSE reset_at END`,
    );
  }

  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    return this.c.tx(() => this.consumeIn(buckets, now));
  }

  /** `consumeQuota`'s work, inside a transaction the caller holds (a send's opening). */
  consumeIn(buckets: readonly QuotaBucket[], now: number): QuotaDecision {
    const refusal = this.check(buckets, now);
    if (refusal) return refusal;
    this.takeAll(buckets, now);
    return { allowed: true };
  }

  /** `peekQuota`'s decision, on the caller's connection (a verify's read). */
  peekIn(buckets: readonly QuotaBucket[], now: number): QuotaDecision {
    return this.check(buckets, now) ?? { allowed: true };
  }

  /** `addQuota`'s work, inside a transaction the caller holds (a wrong code's try). */
  addIn(buckets: readonly QuotaBucket[], now: number): void {
    this.takeAll(buckets, now);
  }

  peekQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    return this.c.run(() => this.peekIn(buckets, now));
  }

  addQuota(buckets: readonly QuotaBucket[], now: number): Promise<void> {
    if (buckets.length === 0) return Promise.resolve();
    return this.c.tx(() => this.takeAll(buckets, now));
  }

  /** The refusal with the longest wait among the exhausted buckets, or null when none is. */
  private check(buckets: readonly QuotaBucket[], now: number): QuotaDecision | null {
    let refusal: { allowed: false; key: string; retryAfterMs: number } | null = null;
    for (const bucket of buckets) {
      const row = this.read.get(bucket.key);
      if (row && row.reset_at > now && row.count >= bucket.limit) {
        const retryAfterMs = row.reset_at - now;
        if (!refusal || retryAfterMs > refusal.retryAfterMs) {
          refusal = { allowed: false, key: bucket.key, retryAfterMs };
        }
      }
    }
    return refusal;
  }

  private takeAll(buckets: readonly QuotaBucket[], now: number): void {
    for (const bucket of buckets) this.take.run({ key: bucket.key, now, resetAt: now + bucket.windowMs });
  }
}
