import type Database from 'better-sqlite3';
import type { CodeTry, VerificationStore, VerifyLookup, VerifyRead } from '../port';
import type { SqliteAudit } from './audit';
import type { SqliteConnection } from './connection';
import type { SqliteQuota } from './quota';
import type { SqliteRequests } from './requests';

// A consumed request can no longer fall back: its sealed phone is erased in the same update.
const FORGET_FALLBACK_IF_MATCHED = ['fallback_phone', 'fallback_due_at', 'fallback_claimed_until']
  .map((column) => `${column} = CASE WHEN @matched THEN NULL ELSE ${column} END`)
  .join(', ');

type TryParams = { id: string; now: number; codeHash: string; matched: number };

/**
 * Verification on SQLite (issue 12): one read (the request and the failure budgets), then one
 * `BEGIN IMMEDIATE` transaction around the conditional update that counts the try and consumes a right
 * code — expiry, state, the attempt limit and the code compared all inside its WHERE — with the budget
 * charge of a wrong code and the audit row.
 */
export class SqliteVerifications implements VerificationStore {
  private readonly countTry: Database.Statement<[TryParams], { attempts: number }>;

  constructor(
    private readonly c: SqliteConnection,
    private readonly parts: {
      readonly quota: SqliteQuota;
      readonly requests: SqliteRequests;
      readonly audit: SqliteAudit;
    },
  ) {
    this.countTry = c.db.prepare(
      `UPDATE otp_requests SET attempts = attempts + 1,
         state = CASE WHEN @matched THEN 'verified' ELSE state END,
         verified_at = CASE WHEN @matched THEN @now ELSE verified_at END, ${FORGET_FALLBACK_IF_MATCHED}
       WHERE id = @id AND state = 'pending' AND expires_at > @now AND attempts < max_attempts
         AND code_hash = @codeHash
       RETURNING attempts`,
    );
  }

  readForVerify(lookup: VerifyLookup): Promise<VerifyRead> {
    return this.c.run(() => ({
      budget: this.parts.quota.peekIn(lookup.budgets, lookup.now),
      request:
        lookup.requestId === undefined
          ? this.parts.requests.latestPendingIn(lookup.phoneHash, lookup.callerClass)
          : this.parts.requests.byIdIn(lookup.requestId),
    }));
  }

  tryCode(t: CodeTry): Promise<number | null> {
    return this.c.tx(() => {
      const row = this.countTry.get({
        id: t.requestId,
        now: t.now,
        codeHash: t.codeHash,
        matched: +t.matched,
      });
      if (!row) return null;
      if (!t.matched && t.charge.length > 0) this.parts.quota.addIn(t.charge, t.now);
      if (t.audit) this.parts.audit.appendIn(t.audit);
      return row.attempts;
    });
  }
}
