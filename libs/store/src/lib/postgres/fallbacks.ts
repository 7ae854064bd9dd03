import type { FallbackClaim, FallbackStore } from '../port';
import { statement, type PostgresConnection } from './connection';
import { FORGET_FALLBACK } from './requests';
import { toFallbackClaim, type FallbackClaimRow } from '../rows';

// Every statement names `fallback_phone IS NOT NULL`, so the partial indexes of migration 3 serve it.
const ARMED = `fallback_phone IS NOT NULL AND fallback_at IS NULL AND state = 'pending'`;
const FREE = '(fallback_claimed_until IS NULL OR fallback_claimed_until <= $2)';

const markDue = statement(
  'fallbacks.mark_due',
  `UPDATE otp_requests SET fallback_due_at = $2, fallback_reason = 'receipt_failed'
   WHERE message_key = $1 AND ${ARMED} AND ${FREE} AND (fallback_due_at IS NULL OR fallback_due_at > $2)`,
);
const cancel = statement(
  'fallbacks.cancel',
  `UPDATE otp_requests SET ${FORGET_FALLBACK}, fallback_reason = NULL
   WHERE message_key = $1 AND fallback_phone IS NOT NULL`,
);
// One statement: pick due rows no other instance holds (SKIP LOCKED), lease them, return them.
const claim = statement(
  'fallbacks.claim',
  `WITH due AS (
     SELECT id FROM otp_requests
     WHERE fallback_phone IS NOT NULL AND fallback_at IS NULL AND state = 'pending' AND fallback_due_at <= $1
       AND (fallback_claimed_until IS NULL OR fallback_claimed_until <= $1) AND expires_at > $1
     ORDER BY fallback_due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
   UPDATE otp_requests o SET fallback_claimed_until = $2 FROM due WHERE o.id = due.id
   RETURNING o.id, o.fallback_phone, o.fallback_reason, o.phone_hash, o.phone_masked, o.country, o.caller_class, o.locale, o.purpose,
     o.expires_at, o.fallback_claimed_until`,
);
const start = statement(
  'fallbacks.start',
  `UPDATE otp_requests SET code_hash = $3, fallback_at = $4, ${FORGET_FALLBACK}
   WHERE id = $1 AND fallback_claimed_until = $2 AND ${ARMED} AND expires_at > $4`,
);
const release = statement(
  'fallbacks.release',
  `UPDATE otp_requests SET ${FORGET_FALLBACK} WHERE id = $1 AND fallback_claimed_until = $2`,
);
const forgetExpired = statement(
  'fallbacks.forget_expired',
  `WITH gone AS (
     SELECT id FROM otp_requests WHERE fallback_phone IS NOT NULL AND expires_at <= $1 LIMIT $2
     FOR UPDATE SKIP LOCKED)
   UPDATE otp_requests o SET ${FORGET_FALLBACK} FROM gone WHERE o.id = gone.id`,
);

/** Late SMS fallbacks on PostgreSQL: each step one conditional statement (see FallbackStore). */
export class PostgresFallbacks implements FallbackStore {
  constructor(private readonly c: PostgresConnection) {}

  async markFallbackDue(messageKey: string, now: number): Promise<boolean> {
    return ((await this.c.run(markDue(messageKey, now))).rowCount ?? 0) > 0;
  }

  async cancelFallback(messageKey: string): Promise<boolean> {
    return ((await this.c.run(cancel(messageKey))).rowCount ?? 0) > 0;
  }

  async claimDueFallbacks(now: number, leaseMs: number, limit: number): Promise<FallbackClaim[]> {
    const rows = (await this.c.run<FallbackClaimRow>(claim(now, now + leaseMs, limit))).rows;
    return rows.map(toFallbackClaim);
  }

  async startFallback(claimed: FallbackClaim, codeHash: string, now: number): Promise<boolean> {
    return (await this.c.run(start(claimed.requestId, claimed.claimedUntil, codeHash, now))).rowCount === 1;
  }

  async releaseFallback(claimed: FallbackClaim): Promise<void> {
    await this.c.run(release(claimed.requestId, claimed.claimedUntil));
  }

  async forgetExpiredFallbacks(now: number, limit: number): Promise<number> {
    return (await this.c.run(forgetExpired(now, limit))).rowCount ?? 0;
  }
}
