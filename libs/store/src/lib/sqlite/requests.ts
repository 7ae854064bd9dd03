import type Database from 'better-sqlite3';
import type { CallerClass, NewOtpRequest, OtpRequestRecord, RequestStore, SendOutcome } from '../port';
import type { SqliteConnection } from './connection';
import { toRequest, type RequestRow } from '../rows';

/** Clears what a request that can no longer fall back keeps for it (the sealed phone first). */
export const FORGET_FALLBACK = 'fallback_phone = NULL, fallback_due_at = NULL, fallback_claimed_until = NULL';

/** Requests on SQLite: statements prepared once; each change is one conditional statement. */
export class SqliteRequests implements RequestStore {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement<[string], RequestRow>;
  private readonly latestPending: Database.Statement<
    { phoneHash: string; callerClass: string | null },
    RequestRow
  >;
  private readonly mockByMessage: Database.Statement<[string], RequestRow>;
  private readonly markFailed: Database.Statement<[string]>;
  private readonly setCarrier: Database.Statement;
  private readonly supersedeOlder: Database.Statement<{ id: string }>;
  private readonly countAttempt: Database.Statement<[string, number], { attempts: number }>;
  private readonly verify: Database.Statement<[{ id: string; at: number; codeHash: string | null }]>;

  constructor(private readonly c: SqliteConnection) {
    const db = c.db;
    this.insert = db.prepare(
      `INSERT INTO otp_requests (id, phone_hash, phone_masked, channel, purpose, locale, code_hash, code_origin,
         mock, created_at, expires_at, attempts, max_attempts, state, country, caller_class)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'pending', ?, ?)`,
    );
    this.byId = db.prepare('SELECT * FROM otp_requests WHERE id = ?');
    this.latestPending = db.prepare(
      `SELECT * FROM otp_requests WHERE phone_hash = @phoneHash AND state = 'pending' AND channel_used IS NOT NULL
         AND (@callerClass IS NULL OR caller_class IS @callerClass)
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    );
    // `mock = 1` as in migration 10's partial index, so SQLite uses it.
    this.mockByMessage = db.prepare('SELECT * FROM otp_requests WHERE message_key = ? AND mock = 1 LIMIT 1');
    this.markFailed = db.prepare(
      `UPDATE otp_requests SET state = 'failed', ${FORGET_FALLBACK} WHERE id = ? AND state = 'pending'`,
    );
    this.setCarrier = db.prepare(
      `UPDATE otp_requests SET provider = @provider, message_key = @messageKey, channel_used = @channel,
         fallback_phone = @sealedPhone, fallback_due_at = @dueAt,
         fallback_reason = CASE WHEN @dueAt IS NULL THEN fallback_reason ELSE 'delivery_timeout' END
       WHERE id = @id`,
    );
    this.supersedeOlder = db.prepare(
      `UPDATE otp_requests SET state = 'superseded', ${FORGET_FALLBACK}
       WHERE (phone_hash, caller_class) IS (SELECT phone_hash, caller_class FROM otp_requests WHERE id = @id)
         AND state = 'pending' AND rowid < (SELECT rowid FROM otp_requests WHERE id = @id)`,
    );
    this.countAttempt = db.prepare(
      `UPDATE otp_requests SET attempts = attempts + 1
       WHERE id = ? AND state = 'pending' AND expires_at > ? AND attempts < max_attempts RETURNING attempts`,
    );
    this.verify = db.prepare(
      `UPDATE otp_requests SET state = 'verified', verified_at = @at, ${FORGET_FALLBACK}
       WHERE id = @id AND state = 'pending' AND expires_at > @at AND (@codeHash IS NULL OR code_hash = @codeHash)`,
    );
  }

  createRequest(r: NewOtpRequest): Promise<void> {
    return this.c.run(() => this.insertIn(r));
  }

  /** `createRequest`'s insert, on the caller's connection (inside a send's opening). */
  insertIn(r: NewOtpRequest): void {
    this.insert.run(
      r.id,
      r.phoneHash,
      r.phoneMasked,
      r.channel,
      r.purpose,
      r.locale ?? null,
      r.codeHash,
      r.codeOrigin,
      r.mock ? 1 : 0,
      r.createdAt,
      r.expiresAt,
      r.maxAttempts,
      r.country,
      r.callerClass,
    );
  }

  getRequest(id: string): Promise<OtpRequestRecord | null> {
    return this.c.run(() => this.byIdIn(id));
  }

  findLatestPending(phoneHash: string, callerClass?: CallerClass): Promise<OtpRequestRecord | null> {
    return this.c.run(() => this.latestPendingIn(phoneHash, callerClass));
  }

  findMockRequest(messageKey: string): Promise<OtpRequestRecord | null> {
    return this.c.run(() => {
      const row = this.mockByMessage.get(messageKey);
      return row ? toRequest(row) : null;
    });
  }

  /** `getRequest`'s read, on the caller's connection. */
  byIdIn(id: string): OtpRequestRecord | null {
    const row = this.byId.get(id);
    return row ? toRequest(row) : null;
  }

  /** `findLatestPending`'s read, on the caller's connection. */
  latestPendingIn(phoneHash: string, callerClass?: CallerClass): OtpRequestRecord | null {
    const row = this.latestPending.get({ phoneHash, callerClass: callerClass ?? null });
    return row ? toRequest(row) : null;
  }

  completeSend(requestId: string, outcome: SendOutcome): Promise<void> {
    return this.c.tx(() => this.completeIn(requestId, outcome));
  }

  /** `completeSend`'s work, inside a transaction the caller holds (a send's closing). */
  completeIn(requestId: string, outcome: SendOutcome): void {
    if (!outcome.ok) {
      this.markFailed.run(requestId);
      return;
    }
    this.setCarrier.run({
      id: requestId,
      provider: outcome.provider,
      messageKey: outcome.messageKey,
      channel: outcome.channel,
      sealedPhone: outcome.fallback?.sealedPhone ?? null,
      dueAt: outcome.fallback?.dueAt ?? null,
    });
    this.supersedeOlder.run({ id: requestId });
  }

  registerAttempt(requestId: string, now: number): Promise<number | null> {
    return this.c.run(() => this.countAttempt.get(requestId, now)?.attempts ?? null);
  }

  markVerified(requestId: string, at: number, codeHash?: string): Promise<boolean> {
    return this.c.run(() => this.verify.run({ id: requestId, at, codeHash: codeHash ?? null }).changes === 1);
  }
}
