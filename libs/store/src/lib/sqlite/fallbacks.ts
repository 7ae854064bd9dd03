import type Database from 'better-sqlite3';
import type { FallbackClaim, FallbackStore } from '../port';
import type { SqliteConnection } from './connection';
import { FORGET_FALLBACK } from './requests';
import { toFallbackClaim, type FallbackClaimRow } from '../rows';

// Every statement names `fallback_phone IS NOT NULL`, so SQLite uses the partial indexes of migration 5.
const ARMED = `fallback_phone IS NOT NULL AND fallback_at IS NULL AND state = 'pending'`;
const FREE = '(fallback_claimed_until IS NULL OR fallback_claimed_until <= @now)';
const DUE = `${ARMED} AND fallback_due_at <= @now AND ${FREE} AND expires_at > @now`;

/**
 * Late SMS fallbacks on SQLite. Each step is one conditional statement under the file's single write
 * lock, so processes sharing the file claim each due fallback once. The duty polls every second from
 * every otp-service, so a claim first looks (a read, no lock) and writes only when something is due.
 */
export class SqliteFallbacks implements FallbackStore {
  private readonly markDue: Database.Statement<[{ key: string; now: number }]>;
  private readonly cancel: Database.Statement<[string]>;
  private readonly anyDue: Database.Statement<[{ now: number }], { id: string }>;
  private readonly claim: Database.Statement<
    [{ now: number; until: number; limit: number }],
    FallbackClaimRow
  >;
  private readonly start: Database.Statement<[{ id: string; until: number; codeHash: string; now: number }]>;
  private readonly release: Database.Statement<[{ id: string; until: number }]>;
  private readonly anyExpired: Database.Statement<[{ now: number }], { id: string }>;
  private readonly forgetExpired: Database.Statement<[{ now: number; limit: number }]>;

  constructor(private readonly c: SqliteConnection) {
    const db = c.db;
    this.markDue = db.prepare(
      `UPDATE otp_requests SET fallback_due_at = @now, fallback_reason = 'receipt_failed'
       WHERE message_key = @key AND ${ARMED} AND ${FREE}
         AND (fallback_due_at IS NULL OR fallback_due_at > @now)`,
    );
    this.cancel = db.prepare(
      `UPDATE otp_requests SET ${FORGET_FALLBACK}, fallback_reason = NULL
       WHERE message_key = ? AND fallback_phone IS NOT NULL`,
    );
    this.anyDue = db.prepare(`SELECT id FROM otp_requests WHERE ${DUE} LIMIT 1`);
    this.claim = db.prepare(
      `UPDATE otp_requests SET fallback_claimed_until = @until
       WHERE id IN (SELECT id FROM otp_requests WHERE ${DUE} ORDER BY fallback_due_at LIMIT @limit)
       RETURNING id, fallback_phone, fallback_reason, phone_hash, phone_masked, country, caller_class, locale, purpose, expires_at,
         fallback_claimed_until`,
    );
    this.start = db.prepare(
      `UPDATE otp_requests SET code_hash = @codeHash, fallback_at = @now, ${FORGET_FALLBACK}
       WHERE id = @id AND fallback_claimed_until = @until AND ${ARMED} AND expires_at > @now`,
    );
    this.release = db.prepare(
      `UPDATE otp_requests SET ${FORGET_FALLBACK} WHERE id = @id AND fallback_claimed_until = @until`,
    );
    this.anyExpired = db.prepare(
      'SELECT id FROM otp_requests WHERE fallback_phone IS NOT NULL AND expires_at <= @now LIMIT 1',
    );
    this.forgetExpired = db.prepare(
      `UPDATE otp_requests SET ${FORGET_FALLBACK} WHERE id IN
         (SELECT id FROM otp_requests WHERE fallback_phone IS NOT NULL AND expires_at <= @now LIMIT @limit)`,
    );
  }

  markFallbackDue(messageKey: string, now: number): Promise<boolean> {
    return this.c.run(() => this.markDue.run({ key: messageKey, now }).changes > 0);
  }

  cancelFallback(messageKey: string): Promise<boolean> {
    return this.c.run(() => this.cancel.run(messageKey).changes > 0);
  }

  claimDueFallbacks(now: number, leaseMs: number, limit: number): Promise<FallbackClaim[]> {
    return this.c.run(() => {
      if (this.anyDue.get({ now }) === undefined) return [];
      return this.claim.all({ now, until: now + leaseMs, limit }).map(toFallbackClaim);
    });
  }

  startFallback(claim: FallbackClaim, codeHash: string, now: number): Promise<boolean> {
    return this.c.run(
      () => this.start.run({ id: claim.requestId, until: claim.claimedUntil, codeHash, now }).changes === 1,
    );
  }

  releaseFallback(claim: FallbackClaim): Promise<void> {
    return this.c.run(() => {
      this.release.run({ id: claim.requestId, until: claim.claimedUntil });
    });
  }

  forgetExpiredFallbacks(now: number, limit: number): Promise<number> {
    return this.c.run(() =>
      this.anyExpired.get({ now }) === undefined ? 0 : this.forgetExpired.run({ now, limit }).changes,
    );
  }
}
