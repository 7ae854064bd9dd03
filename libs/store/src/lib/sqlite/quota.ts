import type Database from 'better-sqlite3';
import type { QuotaBucket, QuotaDecision, QuotaStore } from '../port';
import type { SqliteConnection } from './connection';

/** Fixed-window counters on SQLite: all buckets are checked and taken in one transaction. */
export class SqliteQuota implements QuotaStore {
  private readonly read: Database.Statement<[string], { count: number; reset_at: number }>;
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
    return this.c.tx(() => {
      let refusal: QuotaDecision | null = null;
      for (const bucket of buckets) {
        const row = this.read.get(bucket.key);
        if (row && row.reset_at > now && row.count >= bucket.limit) {
          const retryAfterMs = row.reset_at - now;
          if (!refusal || (!refusal.allowed && retryAfterMs > refusal.retryAfterMs)) {
            refusal = { allowed: false, key: bucket.key, retryAfterMs };
          }
        }
      }
      if (refusal) return refusal;
      for (const bucket of buckets) this.take.run({ key: bucket.key, now, resetAt: now + bucket.windowMs });
      return { allowed: true } as const;
    });
  }
}
