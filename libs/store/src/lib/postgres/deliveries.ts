import { DELIVERY_STATUSES, shouldAdvanceStatus, type DeliveryStatus } from '@agent-mitra/contract';
import type {
  DeliveryEventResult,
  StoredDeliveryEvent,
  DeliveryRecord,
  DeliveryStore,
  SendAttemptInput,
  SendAttemptRecord,
} from '../port';
import { opensDelivery, sendEventOf } from '../send-rules';
import { statement, type PostgresConnection, type Queryable } from './connection';
import { toAttempt, toEvent, type AttemptRow, type DeliveryRow, type EventRow } from '../rows';

// Every (current, next) pair where the status moves, taken from the contract's ranking, so SQL and
// TypeScript can never disagree about DESIGN §5.
const ADVANCES = DELIVERY_STATUSES.flatMap((from) =>
  DELIVERY_STATUSES.filter((to) => shouldAdvanceStatus(from, to)).map((to) => `('${from}','${to}')`),
).join(', ');
const moves = `$6 AND (d.status, excluded.status) IN (${ADVANCES})`;

const insertAttempt = statement(
  'deliveries.insert_attempt',
  `INSERT INTO send_attempts (request_id, channel, provider, message_key, status, error_code, error_message,
     recipient_masked, at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
);
const linkDelivery = statement(
  'deliveries.link',
  'UPDATE deliveries SET request_id = $1, channel = $2 WHERE provider = $3 AND message_key = $4',
);
const attemptsOf = statement(
  'deliveries.attempts_of',
  `SELECT *, ROW_NUMBER() OVER (ORDER BY id) AS seq FROM send_attempts WHERE request_id = $1 ORDER BY id`,
);
const insertEvent = statement(
  'deliveries.insert_event',
  `INSERT INTO delivery_events (provider, message_key, dedupe_key, status, at, received_at, error_code,
     error_message, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
   ON CONFLICT DO NOTHING RETURNING 1`,
);
// The status merge: the row is created, or moved forward only ($6: the event is new), in one atomic
// upsert; `before` is the status this transaction's snapshot saw (what the event moved from).
const mergeStatus = statement(
  'deliveries.merge_status',
  `WITH before AS (SELECT status FROM deliveries WHERE provider = $1 AND message_key = $2)
   INSERT INTO deliveries AS d (provider, message_key, status, recipient_masked, created_at, updated_at)
   VALUES ($1, $2, $3, $4, $5, $5)
   ON CONFLICT (provider, message_key) DO UPDATE SET
     status = CASE WHEN ${moves} THEN excluded.status ELSE d.status END,
     updated_at = CASE WHEN ${moves} THEN excluded.updated_at ELSE d.updated_at END,
     recipient_masked = COALESCE(d.recipient_masked, excluded.recipient_masked)
   RETURNING status, created_at, request_id, (SELECT status FROM before) AS previous,
     (SELECT phone_hash FROM otp_requests WHERE id = d.request_id) AS phone_hash,
     (SELECT country FROM otp_requests WHERE id = d.request_id) AS country`,
);
const byMessageKey = statement(
  'deliveries.by_message_key',
  'SELECT * FROM deliveries WHERE message_key = $1 ORDER BY updated_at DESC LIMIT 1',
);
const byRequestId = statement(
  'deliveries.by_request_id',
  'SELECT * FROM deliveries WHERE request_id = $1 ORDER BY created_at, message_key',
);
const eventsOf = statement(
  'deliveries.events_of',
  `SELECT * FROM delivery_events WHERE provider = $1 AND message_key = $2 ORDER BY at, received_at, id`,
);

/** Send attempts and delivery histories on PostgreSQL. */
export class PostgresDeliveries implements DeliveryStore {
  constructor(private readonly c: PostgresConnection) {}

  recordSendAttempt(a: SendAttemptInput): Promise<void> {
    return this.c.tx(async (db) => {
      await db.query(
        insertAttempt(
          a.requestId,
          a.channel,
          a.provider,
          a.messageKey,
          a.status,
          a.errorCode,
          a.errorMessage,
          a.recipientMasked,
          a.at,
          a.reason ?? null,
        ),
      );
      if (opensDelivery(a)) await recordDeliveryIn(db, a);
    });
  }

  async listSendAttempts(requestId: string): Promise<SendAttemptRecord[]> {
    return (await this.c.run<AttemptRow>(attemptsOf(requestId))).rows.map(toAttempt);
  }

  recordDeliveryEvent(event: StoredDeliveryEvent): Promise<DeliveryEventResult> {
    return this.c.tx((db) => applyEvent(db, event));
  }

  async getDelivery(messageKey: string): Promise<DeliveryRecord | null> {
    const rows = (await this.c.run<DeliveryRow>(byMessageKey(messageKey))).rows;
    return (await this.withEvents(rows))[0] ?? null;
  }

  async listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]> {
    return this.withEvents((await this.c.run<DeliveryRow>(byRequestId(requestId))).rows);
  }

  private async withEvents(rows: DeliveryRow[]): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    for (const row of rows) {
      const events = await this.c.run<EventRow>(eventsOf(row.provider, row.message_key));
      records.push({
        provider: row.provider as DeliveryRecord['provider'],
        messageKey: row.message_key,
        requestId: row.request_id,
        channel: row.channel as DeliveryRecord['channel'],
        status: row.status as DeliveryStatus,
        recipientMasked: row.recipient_masked,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
        events: events.rows.map(toEvent),
      });
    }
    return records;
  }
}

/**
 * Inside a transaction: opens the delivery record of a message a provider accepted (its first event,
 * deduplicated as `send:<status>`) and links it to the request and channel that sent it.
 */
export async function recordDeliveryIn(
  db: Queryable,
  a: SendAttemptInput & { messageKey: string; status: DeliveryStatus },
): Promise<void> {
  await applyEvent(db, sendEventOf(a));
  await db.query(linkDelivery(a.requestId, a.channel, a.provider, a.messageKey));
}

/** Inside a transaction: keep the event unless it is a repeat, then merge the status (forward only). */
async function applyEvent(db: Queryable, e: StoredDeliveryEvent): Promise<DeliveryEventResult> {
  const details = e.details ? JSON.stringify(e.details) : null;
  const inserted = await db.query(
    insertEvent(
      e.provider,
      e.messageKey,
      e.dedupeKey,
      e.status,
      e.at,
      e.receivedAt,
      e.errorCode,
      e.errorMessage,
      details,
    ),
  );
  const fresh = inserted.rowCount === 1;
  const merged = await db.query<{
    status: DeliveryStatus;
    created_at: string | number;
    request_id: string | null;
    previous: DeliveryStatus | null;
    phone_hash: string | null;
    country: string | null;
  }>(mergeStatus(e.provider, e.messageKey, e.status, e.recipientMasked, e.receivedAt, fresh));
  const row = merged.rows[0];
  return {
    duplicate: !fresh,
    status: row?.status ?? e.status,
    previous: row?.previous ?? null,
    createdAt: row ? Number(row.created_at) : e.receivedAt,
    requestId: row?.request_id ?? null,
    phoneHash: row?.phone_hash ?? null,
    country: row?.country ?? null,
  };
}
