import type Database from 'better-sqlite3';
import type { NewOtpRequest, OtpRequestRecord, RequestStore, SendOutcome } from '../port';
import type { SqliteConnection } from './connection';
import { toRequest, type RequestRow } from './rows';

/** Requests on SQLite: statements prepared once; each change is one conditional statement. */
export class SqliteRequests implements RequestStore {
  private readonly insert: Database.Statement;
  private readonly byId: Database.Statement<[string], RequestRow>;
  private readonly latestPending: Database.Statement<[string], RequestRow>;
  private readonly markFailed: Database.Statement<[string]>;
  private readonly setCarrier: Database.Statement;
  private readonly supersedeOlder: Database.Statement<[string, string]>;
  private readonly countAttempt: Database.Statement<[string, number], { attempts: number }>;
  private readonly verify: Database.Statement<[number, string, number]>;

  constructor(private readonly c: SqliteConnection) {
    const db = c.db;
    this.insert = db.prepare(
      `INSERT INTO otp_requests (id, phone_hash, phone_masked, country, channel, purpose, code_hash, code_origin,
         mock, created_at, expires_at, attempts, max_attempts, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'pending')`,
    );
    this.byId = db.prepare('SELECT * FROM otp_requests WHERE id = ?');
    this.latestPending = db.prepare(
      `SELECT * FROM otp_requests WHERE phone_hash = ? AND state = 'pending' AND message_key IS NOT NULL
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    );
    this.markFailed = db.prepare(
      `UPDATE otp_requests SET state = 'failed' WHERE id = ? AND state = 'pending'`,
    );
    this.setCarrier = db.prepare(
      'UPDATE otp_requests SET provider = ?, message_key = ?, channel_used = ? WHERE id = ?',
    );
    this.supersedeOlder = db.prepare(
      `UPDATE otp_requests SET state = 'superseded'
       WHERE phone_hash = (SELECT phone_hash FROM otp_requests WHERE id = ?) AND state = 'pending'
         AND rowid < (SELECT rowid FROM otp_requests WHERE id = ?)`,
    );
    this.countAttempt = db.prepare(
      `UPDATE otp_requests SET attempts = attempts + 1
       WHERE id = ? AND state = 'pending' AND expires_at > ? AND attempts < max_attempts RETURNING attempts`,
    );
    this.verify = db.prepare(
      `UPDATE otp_requests SET state = 'verified', verified_at = ?
       WHERE id = ? AND state = 'pending' AND expires_at > ?`,
    );
  }

  createRequest(r: NewOtpRequest): Promise<void> {
    return this.c.run(() => {
      this.insert.run(
        r.id,
        r.phoneHash,
        r.phoneMasked,
        r.country,
        r.channel,
        r.purpose,
        r.codeHash,
        r.codeOrigin,
        r.mock ? 1 : 0,
        r.createdAt,
        r.expiresAt,
        r.maxAttempts,
      );
    });
  }

  getRequest(id: string): Promise<OtpRequestRecord | null> {
    return this.c.run(() => {
      const row = this.byId.get(id);
      return row ? toRequest(row) : null;
    });
  }

  findLatestPending(phoneHash: string): Promise<OtpRequestRecord | null> {
    return this.c.run(() => {
      const row = this.latestPending.get(phoneHash);
      return row ? toRequest(row) : null;
    });
  }

  completeSend(requestId: string, outcome: SendOutcome): Promise<void> {
    return this.c.tx(() => {
      if (!outcome.ok) {
        this.markFailed.run(requestId);
        return;
      }
      this.setCarrier.run(outcome.provider, outcome.messageKey, outcome.channel, requestId);
      this.supersedeOlder.run(requestId, requestId);
    });
  }

  registerAttempt(requestId: string, now: number): Promise<number | null> {
    return this.c.run(() => this.countAttempt.get(requestId, now)?.attempts ?? null);
  }

  markVerified(requestId: string, at: number): Promise<boolean> {
    return this.c.run(() => this.verify.run(at, requestId, at).changes === 1);
  }
}
