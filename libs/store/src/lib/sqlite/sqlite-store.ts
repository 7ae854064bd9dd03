import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { shouldAdvanceStatus, type DeliveryStatus } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type {
  DeliveryEventInput,
  DeliveryRecord,
  IdempotencyClaim,
  IdempotencyClaimInput,
  NewOtpRequest,
  OtpRequestRecord,
  OtpStore,
  QuotaBucket,
  QuotaDecision,
  SendAttemptInput,
  SendAttemptRecord,
  SendOutcome,
} from '../port';
import { SQLITE_MIGRATIONS } from './migrations';
import {
  toAttempt,
  toEvent,
  toRequest,
  type AttemptRow,
  type DeliveryRow,
  type EventRow,
  type RequestRow,
} from './rows';

/**
 * SQLite adapter (better-sqlite3): one file shared by the three processes. WAL lets readers run beside
 * the one writer; every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, so limits, attempt
 * counts and statuses stay exact across processes.
 */
export class SqliteStore implements OtpStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  private migrate(): void {
    this.db
      .transaction(() => {
        const current = this.db.pragma('user_version', { simple: true }) as number;
        for (const migration of SQLITE_MIGRATIONS) {
          if (migration.version <= current) continue;
          this.db.exec(migration.sql);
          this.db.pragma(`user_version = ${migration.version}`);
        }
      })
      .immediate();
  }

  /** Runs store work; anything SQLite throws becomes STORE_UNAVAILABLE (details stay in the cause). */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof OtpError) return Promise.reject(error);
      const failure = new OtpError('STORE_UNAVAILABLE');
      (failure as Error).cause = error;
      return Promise.reject(failure);
    }
  }

  private tx<T>(work: () => T): Promise<T> {
    return this.run(() => this.db.transaction(work).immediate());
  }

  createRequest(r: NewOtpRequest): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          `INSERT INTO otp_requests (id, phone_hash, phone_masked, channel, purpose, code_hash, mock, created_at,
             expires_at, attempts, max_attempts, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'pending')`,
        )
        .run(
          r.id,
          r.phoneHash,
          r.phoneMasked,
          r.channel,
          r.purpose,
          r.codeHash,
          r.mock ? 1 : 0,
          r.createdAt,
          r.expiresAt,
          r.maxAttempts,
        );
    });
  }

  getRequest(id: string): Promise<OtpRequestRecord | null> {
    return this.run(() => {
      const row = this.db.prepare<[string], RequestRow>('SELECT * FROM otp_requests WHERE id = ?').get(id);
      return row ? toRequest(row) : null;
    });
  }

  findLatestPending(phoneHash: string): Promise<OtpRequestRecord | null> {
    return this.run(() => {
      const row = this.db
        .prepare<[string], RequestRow>(
          `SELECT * FROM otp_requests WHERE phone_hash = ? AND state = 'pending' AND message_id IS NOT NULL
           ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        )
        .get(phoneHash);
      return row ? toRequest(row) : null;
    });
  }

  completeSend(requestId: string, outcome: SendOutcome): Promise<void> {
    return this.tx(() => {
      if (!outcome.ok) {
        this.db
          .prepare(`UPDATE otp_requests SET state = 'failed' WHERE id = ? AND state = 'pending'`)
          .run(requestId);
        return;
      }
      this.db
        .prepare(`UPDATE otp_requests SET provider = ?, message_id = ?, channel_used = ? WHERE id = ?`)
        .run(outcome.provider, outcome.messageId, outcome.channel, requestId);
      this.db
        .prepare(
          `UPDATE otp_requests SET state = 'superseded'
           WHERE phone_hash = (SELECT phone_hash FROM otp_requests WHERE id = ?) AND state = 'pending'
             AND rowid < (SELECT rowid FROM otp_requests WHERE id = ?)`,
        )
        .run(requestId, requestId);
    });
  }

  registerAttempt(requestId: string): Promise<number | null> {
    return this.run(() => {
      const row = this.db
        .prepare<[string], { attempts: number }>(
          `UPDATE otp_requests SET attempts = attempts + 1
           WHERE id = ? AND state = 'pending' AND attempts < max_attempts RETURNING attempts`,
        )
        .get(requestId);
      return row ? row.attempts : null;
    });
  }

  markVerified(requestId: string, at: number): Promise<boolean> {
    return this.run(
      () =>
        this.db
          .prepare(
            `UPDATE otp_requests SET state = 'verified', verified_at = ? WHERE id = ? AND state = 'pending'`,
          )
          .run(at, requestId).changes === 1,
    );
  }

  recordSendAttempt(a: SendAttemptInput): Promise<void> {
    return this.tx(() => {
      const next = this.db
        .prepare<[string], { seq: number }>(
          'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM send_attempts WHERE request_id = ?',
        )
        .get(a.requestId);
      this.db
        .prepare(
          `INSERT INTO send_attempts (request_id, seq, channel, provider, message_id, status, error_code, error_message,
             recipient_masked, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.requestId,
          next?.seq ?? 1,
          a.channel,
          a.provider,
          a.messageId,
          a.status,
          a.errorCode,
          a.errorMessage,
          a.recipientMasked,
          a.at,
        );
      if (a.messageId === null) return;
      this.applyEvent({
        provider: a.provider,
        messageId: a.messageId,
        status: a.status,
        at: a.at,
        receivedAt: a.at,
        dedupeKey: `send:${a.status}`,
        errorCode: a.errorCode,
        errorMessage: a.errorMessage,
        recipientMasked: a.recipientMasked,
        details: null,
      });
      this.db
        .prepare('UPDATE deliveries SET request_id = ?, channel = ? WHERE provider = ? AND message_id = ?')
        .run(a.requestId, a.channel, a.provider, a.messageId);
    });
  }

  listSendAttempts(requestId: string): Promise<SendAttemptRecord[]> {
    return this.run(() =>
      this.db
        .prepare<[string], AttemptRow>('SELECT * FROM send_attempts WHERE request_id = ? ORDER BY seq')
        .all(requestId)
        .map(toAttempt),
    );
  }

  recordDeliveryEvent(event: DeliveryEventInput): Promise<{ duplicate: boolean; status: DeliveryStatus }> {
    return this.tx(() => this.applyEvent(event));
  }

  /** Inside a transaction: keep the event unless it is a repeat, then move the status forward only. */
  private applyEvent(e: DeliveryEventInput): { duplicate: boolean; status: DeliveryStatus } {
    const inserted = this.db
      .prepare(
        `INSERT OR IGNORE INTO delivery_events (provider, message_id, dedupe_key, status, at, received_at, error_code,
           error_message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.provider,
        e.messageId,
        e.dedupeKey,
        e.status,
        e.at,
        e.receivedAt,
        e.errorCode,
        e.errorMessage,
        e.details ? JSON.stringify(e.details) : null,
      );
    const current = this.db
      .prepare<[string, string], { status: DeliveryStatus }>(
        'SELECT status FROM deliveries WHERE provider = ? AND message_id = ?',
      )
      .get(e.provider, e.messageId);
    if (!current) {
      this.db
        .prepare(
          `INSERT INTO deliveries (provider, message_id, status, recipient_masked, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(e.provider, e.messageId, e.status, e.recipientMasked, e.receivedAt, e.receivedAt);
      return { duplicate: inserted.changes === 0, status: e.status };
    }
    if (inserted.changes === 1 && shouldAdvanceStatus(current.status, e.status)) {
      this.db
        .prepare(
          `UPDATE deliveries SET status = ?, updated_at = ?, recipient_masked = COALESCE(recipient_masked, ?)
           WHERE provider = ? AND message_id = ?`,
        )
        .run(e.status, e.receivedAt, e.recipientMasked, e.provider, e.messageId);
      return { duplicate: false, status: e.status };
    }
    return { duplicate: inserted.changes === 0, status: current.status };
  }

  getDelivery(messageId: string): Promise<DeliveryRecord | null> {
    return this.run(() => {
      const row = this.db
        .prepare<[string], DeliveryRow>(
          'SELECT * FROM deliveries WHERE message_id = ? ORDER BY updated_at DESC LIMIT 1',
        )
        .get(messageId);
      return row ? this.withEvents(row) : null;
    });
  }

  listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]> {
    return this.run(() =>
      this.db
        .prepare<[string], DeliveryRow>(
          'SELECT * FROM deliveries WHERE request_id = ? ORDER BY created_at, rowid',
        )
        .all(requestId)
        .map((row) => this.withEvents(row)),
    );
  }

  private withEvents(row: DeliveryRow): DeliveryRecord {
    const events = this.db
      .prepare<[string, string], EventRow>(
        `SELECT status, at, received_at, error_code, error_message, details FROM delivery_events
         WHERE provider = ? AND message_id = ? ORDER BY at, received_at, rowid`,
      )
      .all(row.provider, row.message_id)
      .map(toEvent);
    return {
      provider: row.provider as DeliveryRecord['provider'],
      messageId: row.message_id,
      requestId: row.request_id,
      channel: row.channel as DeliveryRecord['channel'],
      status: row.status as DeliveryStatus,
      recipientMasked: row.recipient_masked,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      events,
    };
  }

  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    return this.tx(() => {
      const read = this.db.prepare<[string], { count: number; reset_at: number }>(
        'SELECT count, reset_at FROM rate_counters WHERE key = ?',
      );
      let refusal: QuotaDecision | null = null;
      for (const bucket of buckets) {
        const row = read.get(bucket.key);
        if (row && row.reset_at > now && row.count >= bucket.limit) {
          const retryAfterMs = row.reset_at - now;
          if (!refusal || (!refusal.allowed && retryAfterMs > refusal.retryAfterMs)) {
            refusal = { allowed: false, key: bucket.key, retryAfterMs };
          }
        }
      }
      if (refusal) return refusal;
      const take = this.db.prepare(
        `INSERT INTO rate_counters (key, count, reset_at) VALUES (@key, 1, @resetAt)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN reset_at <= @now THEN 1 ELSE count + 1 END,
           reset_at = CASE WHEN reset_at <= @now THEN @resetAt ELSE reset_at END`,
      );
      for (const bucket of buckets) take.run({ key: bucket.key, now, resetAt: now + bucket.windowMs });
      return { allowed: true } as const;
    });
  }

  claimIdempotency(c: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    return this.tx(() => {
      const row = this.db
        .prepare<
          [string, string],
          { fingerprint: string; response: string | null; created_at: number; expires_at: number }
        >(
          'SELECT fingerprint, response, created_at, expires_at FROM idempotency_keys WHERE scope = ? AND key = ?',
        )
        .get(c.scope, c.key);
      if (row && row.expires_at > c.now) {
        if (row.fingerprint !== c.fingerprint) return { state: 'conflict' } as const;
        if (row.response !== null) return { state: 'replay', response: row.response } as const;
        if (row.created_at + c.staleAfterMs > c.now) return { state: 'in_progress' } as const;
      }
      this.db
        .prepare(
          `INSERT INTO idempotency_keys (scope, key, fingerprint, response, created_at, expires_at)
           VALUES (?, ?, ?, NULL, ?, ?)
           ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response = NULL,
             created_at = excluded.created_at, expires_at = excluded.expires_at`,
        )
        .run(c.scope, c.key, c.fingerprint, c.now, c.now + c.ttlMs);
      return { state: 'claimed' } as const;
    });
  }

  completeIdempotency(scope: string, key: string, response: string): Promise<void> {
    return this.run(() => {
      this.db
        .prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?')
        .run(response, scope, key);
    });
  }

  releaseIdempotency(scope: string, key: string): Promise<void> {
    return this.run(() => {
      this.db
        .prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL')
        .run(scope, key);
    });
  }

  prune(now: number, retentionMs: number): Promise<void> {
    return this.tx(() => {
      const before = now - retentionMs;
      this.db.prepare('DELETE FROM rate_counters WHERE reset_at <= ?').run(now);
      this.db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now);
      this.db
        .prepare(
          'DELETE FROM send_attempts WHERE request_id IN (SELECT id FROM otp_requests WHERE expires_at < ?)',
        )
        .run(before);
      this.db.prepare('DELETE FROM otp_requests WHERE expires_at < ?').run(before);
      this.db
        .prepare(
          `DELETE FROM delivery_events WHERE (provider, message_id) IN
             (SELECT provider, message_id FROM deliveries WHERE updated_at < ?)`,
        )
        .run(before);
      this.db.prepare('DELETE FROM deliveries WHERE updated_at < ?').run(before);
    });
  }

  ping(): Promise<void> {
    return this.run(() => {
      this.db.prepare('SELECT 1').get();
    });
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
