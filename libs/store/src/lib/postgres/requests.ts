import type { CallerClass, NewOtpRequest, OtpRequestRecord, RequestStore, SendOutcome } from '../port';
import { statement, type PostgresConnection } from './connection';
import { toRequest, type RequestRow } from '../rows';

/** Clears what a request that can no longer fall back keeps for it (the sealed phone first). */
export const FORGET_FALLBACK = 'fallback_phone = NULL, fallback_due_at = NULL, fallback_claimed_until = NULL';

const insert = statement(
  'requests.insert',
  `INSERT INTO otp_requests (id, phone_hash, phone_masked, channel, purpose, locale, code_hash, code_origin,
     mock, created_at, expires_at, attempts, max_attempts, state, country, caller_class)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, 'pending', $13, $14)`,
);
const byId = statement('requests.by_id', 'SELECT * FROM otp_requests WHERE id = $1');
const latestPending = statement(
  'requests.latest_pending',
  `SELECT * FROM otp_requests WHERE phone_hash = $1 AND state = 'pending' AND channel_used IS NOT NULL
     AND ($2::text IS NULL OR caller_class IS NOT DISTINCT FROM $2::text)
   ORDER BY created_at DESC, seq DESC LIMIT 1`,
);
const mockByMessage = statement(
  'requests.mock_by_message',
  'SELECT * FROM otp_requests WHERE message_key = $1 AND mock LIMIT 1',
);
/**
 * Records who carried the code (arming a later fallback when $5 is given): `$1` id, `$2` provider, `$3`
 * message key, `$4` channel, `$5` sealed phone, `$6` due time. Returns the request's phone hash and seq
 * for `supersedeAfter`.
 */
export const CARRIER_UPDATE = `UPDATE otp_requests SET provider = $2, message_key = $3, channel_used = $4,
    fallback_phone = $5, fallback_due_at = $6::bigint,
    fallback_reason = CASE WHEN $6::bigint IS NULL THEN fallback_reason ELSE 'delivery_timeout' END
  WHERE id = $1
  RETURNING phone_hash, caller_class, seq`;
/**
 * Supersedes the phone's older pending requests of the same caller class once the CTE `done` (phone_hash,
 * caller_class, seq) carried a code: a public send never cancels a backend's code, nor the reverse.
 */
export const supersedeAfter = (done: string) =>
  `UPDATE otp_requests o SET state = 'superseded', ${FORGET_FALLBACK} FROM ${done}
   WHERE o.phone_hash = ${done}.phone_hash AND o.caller_class IS NOT DISTINCT FROM ${done}.caller_class
     AND o.state = 'pending' AND o.seq < ${done}.seq`;
export const MARK_FAILED = `UPDATE otp_requests SET state = 'failed', ${FORGET_FALLBACK} WHERE id = $1 AND state = 'pending'`;

const markFailed = statement('requests.mark_failed', MARK_FAILED);
// Records who carried the code and supersedes the phone's older pending requests, erasing what they
// kept for a fallback, in one statement.
const completeOk = statement(
  'requests.complete_ok',
  `WITH done AS (${CARRIER_UPDATE}) ${supersedeAfter('done')}`,
);
const countAttempt = statement(
  'requests.count_attempt',
  `UPDATE otp_requests SET attempts = attempts + 1
   WHERE id = $1 AND state = 'pending' AND expires_at > $2 AND attempts < max_attempts RETURNING attempts`,
);
const verify = statement(
  'requests.verify',
  `UPDATE otp_requests SET state = 'verified', verified_at = $2, ${FORGET_FALLBACK}
   WHERE id = $1 AND state = 'pending' AND expires_at > $2 AND ($3::text IS NULL OR code_hash = $3)`,
);

/** Requests on PostgreSQL: each change is one conditional statement, so races between instances resolve in the database. */
export class PostgresRequests implements RequestStore {
  constructor(private readonly c: PostgresConnection) {}

  async createRequest(r: NewOtpRequest): Promise<void> {
    await this.c.run(
      insert(
        r.id,
        r.phoneHash,
        r.phoneMasked,
        r.channel,
        r.purpose,
        r.locale ?? null,
        r.codeHash,
        r.codeOrigin,
        r.mock,
        r.createdAt,
        r.expiresAt,
        r.maxAttempts,
        r.country,
        r.callerClass,
      ),
    );
  }

  async getRequest(id: string): Promise<OtpRequestRecord | null> {
    const row = (await this.c.run<RequestRow>(byId(id))).rows[0];
    return row ? toRequest(row) : null;
  }

  async findLatestPending(phoneHash: string, callerClass?: CallerClass): Promise<OtpRequestRecord | null> {
    const row = (await this.c.run<RequestRow>(latestPending(phoneHash, callerClass ?? null))).rows[0];
    return row ? toRequest(row) : null;
  }

  async findMockRequest(messageKey: string): Promise<OtpRequestRecord | null> {
    const row = (await this.c.run<RequestRow>(mockByMessage(messageKey))).rows[0];
    return row ? toRequest(row) : null;
  }

  async completeSend(requestId: string, outcome: SendOutcome): Promise<void> {
    if (!outcome.ok) {
      await this.c.run(markFailed(requestId));
      return;
    }
    const { fallback } = outcome;
    await this.c.run(
      completeOk(
        requestId,
        outcome.provider,
        outcome.messageKey,
        outcome.channel,
        fallback?.sealedPhone ?? null,
        fallback?.dueAt ?? null,
      ),
    );
  }

  async registerAttempt(requestId: string, now: number): Promise<number | null> {
    return (await this.c.run<{ attempts: number }>(countAttempt(requestId, now))).rows[0]?.attempts ?? null;
  }

  async markVerified(requestId: string, at: number, codeHash?: string): Promise<boolean> {
    return (await this.c.run(verify(requestId, at, codeHash ?? null))).rowCount === 1;
  }
}
