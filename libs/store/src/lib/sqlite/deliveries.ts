import type Database from 'better-sqlite3';
import { shouldAdvanceStatus, type DeliveryStatus } from '@agent-mitra/contract';
import type {
  DeliveryEventResult,
  StoredDeliveryEvent,
  DeliveryRecord,
  DeliveryStore,
  SendAttemptInput,
  SendAttemptRecord,
} from '../port';
import type { SqliteConnection } from './connection';
import { opensDelivery, sendEventOf } from '../send-rules';
import { toAttempt, toEvent, type AttemptRow, type DeliveryRow, type EventRow } from '../rows';

/** Send attempts and delivery histories on SQLite; statements prepared once. */
export class SqliteDeliveries implements DeliveryStore {
  private readonly nextSeq: Database.Statement<[string], { seq: number }>;
  private readonly insertAttempt: Database.Statement;
  private readonly linkDelivery: Database.Statement;
  private readonly attemptsOf: Database.Statement<[string], AttemptRow>;
  private readonly insertEvent: Database.Statement;
  private readonly statusOf: Database.Statement<
    [string, string],
    {
      status: DeliveryStatus;
      created_at: number;
      request_id: string | null;
      phone_hash: string | null;
      country: string | null;
    }
  >;
  private readonly insertDelivery: Database.Statement;
  private readonly advance: Database.Statement;
  private readonly byMessageKey: Database.Statement<[string], DeliveryRow>;
  private readonly byRequestId: Database.Statement<[string], DeliveryRow>;
  private readonly eventsOf: Database.Statement<[string, string], EventRow>;

  constructor(private readonly c: SqliteConnection) {
    const db = c.db;
    this.nextSeq = db.prepare(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM send_attempts WHERE request_id = ?',
    );
    this.insertAttempt = db.prepare(
      `INSERT INTO send_attempts (request_id, seq, channel, provider, message_key, status, error_code, error_message,
         recipient_masked, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.linkDelivery = db.prepare(
      'UPDATE deliveries SET request_id = ?, channel = ? WHERE provider = ? AND message_key = ?',
    );
    this.attemptsOf = db.prepare('SELECT * FROM send_attempts WHERE request_id = ? ORDER BY seq');
    this.insertEvent = db.prepare(
      `INSERT OR IGNORE INTO delivery_events (provider, message_key, dedupe_key, status, at, received_at, error_code,
         error_message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.statusOf = db.prepare(
      `SELECT d.status, d.created_at, d.request_id, r.phone_hash, r.country
       FROM deliveries d LEFT JOIN otp_requests r ON r.id = d.request_id
       WHERE d.provider = ? AND d.message_key = ?`,
    );
    this.insertDelivery = db.prepare(
      `INSERT INTO deliveries (provider, message_key, status, recipient_masked, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.advance = db.prepare(
      `UPDATE deliveries SET status = ?, updated_at = ?, recipient_masked = COALESCE(recipient_masked, ?)
       WHERE provider = ? AND message_key = ?`,
    );
    this.byMessageKey = db.prepare(
      'SELECT * FROM deliveries WHERE message_key = ? ORDER BY updated_at DESC LIMIT 1',
    );
    this.byRequestId = db.prepare('SELECT * FROM deliveries WHERE request_id = ? ORDER BY created_at, rowid');
    this.eventsOf = db.prepare(
      `SELECT status, at, received_at, error_code, error_message, details FROM delivery_events
       WHERE provider = ? AND message_key = ? ORDER BY at, received_at, rowid`,
    );
  }

  recordSendAttempt(a: SendAttemptInput): Promise<void> {
    return this.c.tx(() => this.recordAttemptIn(a));
  }

  /** `recordSendAttempt`'s work, inside a transaction the caller holds (a send's closing). */
  recordAttemptIn(a: SendAttemptInput): void {
    const seq = this.nextSeq.get(a.requestId)?.seq ?? 1;
    this.insertAttempt.run(
      a.requestId,
      seq,
      a.channel,
      a.provider,
      a.messageKey,
      a.status,
      a.errorCode,
      a.errorMessage,
      a.recipientMasked,
      a.at,
      a.reason ?? null,
    );
    if (!opensDelivery(a)) return;
    this.applyEvent(sendEventOf(a));
    this.linkDelivery.run(a.requestId, a.channel, a.provider, a.messageKey);
  }

  listSendAttempts(requestId: string): Promise<SendAttemptRecord[]> {
    return this.c.run(() => this.attemptsOf.all(requestId).map(toAttempt));
  }

  recordDeliveryEvent(event: StoredDeliveryEvent): Promise<DeliveryEventResult> {
    return this.c.tx(() => this.applyEvent(event));
  }

  /** Inside a transaction: keep the event unless it is a repeat, then move the status forward only. */
  private applyEvent(e: StoredDeliveryEvent): DeliveryEventResult {
    const inserted = this.insertEvent.run(
      e.provider,
      e.messageKey,
      e.dedupeKey,
      e.status,
      e.at,
      e.receivedAt,
      e.errorCode,
      e.errorMessage,
      e.details ? JSON.stringify(e.details) : null,
    );
    const current = this.statusOf.get(e.provider, e.messageKey);
    if (!current) {
      this.insertDelivery.run(
        e.provider,
        e.messageKey,
        e.status,
        e.recipientMasked,
        e.receivedAt,
        e.receivedAt,
      );
      return {
        duplicate: inserted.changes === 0,
        status: e.status,
        previous: null,
        createdAt: e.receivedAt,
        requestId: null,
        phoneHash: null,
        country: null,
      };
    }
    const known = {
      previous: current.status,
      createdAt: Number(current.created_at),
      requestId: current.request_id,
      phoneHash: current.phone_hash,
      country: current.country,
    };
    if (inserted.changes === 1 && shouldAdvanceStatus(current.status, e.status)) {
      this.advance.run(e.status, e.receivedAt, e.recipientMasked, e.provider, e.messageKey);
      return { duplicate: false, status: e.status, ...known };
    }
    return { duplicate: inserted.changes === 0, status: current.status, ...known };
  }

  getDelivery(messageKey: string): Promise<DeliveryRecord | null> {
    return this.c.run(() => {
      const row = this.byMessageKey.get(messageKey);
      return row ? this.withEvents(row) : null;
    });
  }

  listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]> {
    return this.c.run(() => this.byRequestId.all(requestId).map((row) => this.withEvents(row)));
  }

  private withEvents(row: DeliveryRow): DeliveryRecord {
    return {
      provider: row.provider as DeliveryRecord['provider'],
      messageKey: row.message_key,
      requestId: row.request_id,
      channel: row.channel as DeliveryRecord['channel'],
      status: row.status as DeliveryStatus,
      recipientMasked: row.recipient_masked,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      events: this.eventsOf.all(row.provider, row.message_key).map(toEvent),
    };
  }
}
