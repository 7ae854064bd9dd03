import { AUDIT_COLUMNS, auditColumnsObject } from '../audit-query';
import type {
  AuditEntry,
  NewOtpRequest,
  QuotaDecision,
  SendAttemptInput,
  SendClosing,
  SendOpening,
  SendOutcome,
  SendStore,
} from '../port';
import { opensDelivery } from '../send-rules';
import type { QueryConfig } from 'pg';
import { statement, type PostgresConnection } from './connection';
import { recordDeliveryIn } from './deliveries';
import { bucketArrays, decisionOf, QUICK_COMMIT, type PostgresQuota } from './quota';
import { CARRIER_UPDATE, MARK_FAILED, supersedeAfter } from './requests';

type RefusalRow = { refused_key: string | null; retry_after_ms: string | number | null };

const REQUEST_COLUMNS =
  'id, phone_hash, phone_masked, channel, purpose, locale, code_hash, code_origin, mock, created_at, ' +
  'expires_at, attempts, max_attempts, state, country, caller_class, provider, message_key, channel_used, ' +
  'fallback_phone, fallback_due_at, fallback_reason';
const ATTEMPT_COLUMNS =
  'request_id, channel, provider, message_key, status, error_code, error_message, recipient_masked, at, reason';

// Rows travel as one JSON parameter each, read with the table's own row type: short statements, and
// every value typed by its column.
const requestFrom = (param: string) =>
  `SELECT ${REQUEST_COLUMNS} FROM json_populate_record(NULL::otp_requests, ${param}::json)`;
const insertAttempts = (param: string) =>
  `INSERT INTO send_attempts (${ATTEMPT_COLUMNS})
   SELECT ${ATTEMPT_COLUMNS} FROM json_populate_recordset(NULL::send_attempts, ${param}::json)`;
const insertAudit = (param: string) =>
  `INSERT INTO audit_log (${AUDIT_COLUMNS})
   SELECT ${AUDIT_COLUMNS} FROM json_populate_record(NULL::audit_log, ${param}::json) WHERE ${param}::json IS NOT NULL`;
/** Limits and request in one statement; the request is stored only when no bucket refused. */
const open = statement(
  'sends.open',
  `WITH q AS (SELECT * FROM otp_take_quota($1::text[], $2::bigint[], $3::bigint[], $4::bigint)),
   ins AS (INSERT INTO otp_requests (${REQUEST_COLUMNS}) ${requestFrom('$5')} WHERE NOT EXISTS (SELECT 1 FROM q))
   SELECT ${QUICK_COMMIT} AS commit_mode, q.refused_key, q.retry_after_ms FROM (SELECT 1) AS one LEFT JOIN q ON true`,
);
/** A send known at once (mock): the request stored completed, with its attempts and audit row. */
const openClosed = statement(
  'sends.open_closed',
  `WITH stored AS (INSERT INTO otp_requests (${REQUEST_COLUMNS}) ${requestFrom('$1')}
     RETURNING phone_hash, caller_class, seq, channel_used),
   done AS (SELECT phone_hash, caller_class, seq FROM stored WHERE channel_used IS NOT NULL),
   sup AS (${supersedeAfter('done')}),
   att AS (${insertAttempts('$2')}),
   aud AS (${insertAudit('$3')})
   SELECT 1`,
);
/** The end of a send after its provider call: attempts, completion (as completeSend), audit row. */
const closeOk = statement(
  'sends.close_ok',
  `WITH done AS (${CARRIER_UPDATE}),
   sup AS (${supersedeAfter('done')}),
   att AS (${insertAttempts('$7')}),
   aud AS (${insertAudit('$8')})
   SELECT 1`,
);
const closeFailed = statement(
  'sends.close_failed',
  `WITH done AS (${MARK_FAILED}), att AS (${insertAttempts('$2')}), aud AS (${insertAudit('$3')}) SELECT 1`,
);

/** An audit entry as `audit_log` columns (a JSON object), or null. */
const auditJson = (entry: AuditEntry | null) =>
  entry === null ? null : JSON.stringify(auditColumnsObject(entry));

function attemptsJson(attempts: readonly SendAttemptInput[]): string {
  return JSON.stringify(
    attempts.map((a) => ({
      request_id: a.requestId,
      channel: a.channel,
      provider: a.provider,
      message_key: a.messageKey,
      status: a.status,
      error_code: a.errorCode,
      error_message: a.errorMessage,
      recipient_masked: a.recipientMasked,
      at: a.at,
      reason: a.reason ?? null,
    })),
  );
}

/** A new request as `otp_requests` columns, completed by `outcome` when it is known already. */
function requestJson(r: NewOtpRequest, outcome: SendOutcome | null): string {
  const carried = outcome?.ok ? outcome : null;
  return JSON.stringify({
    id: r.id,
    phone_hash: r.phoneHash,
    phone_masked: r.phoneMasked,
    channel: r.channel,
    purpose: r.purpose,
    locale: r.locale ?? null,
    code_hash: r.codeHash,
    code_origin: r.codeOrigin,
    mock: r.mock,
    created_at: r.createdAt,
    expires_at: r.expiresAt,
    attempts: 0,
    max_attempts: r.maxAttempts,
    state: outcome && !outcome.ok ? 'failed' : 'pending',
    country: r.country,
    caller_class: r.callerClass,
    provider: carried?.provider ?? null,
    message_key: carried?.messageKey ?? null,
    channel_used: carried?.channel ?? null,
    fallback_phone: carried?.fallback?.sealedPhone ?? null,
    fallback_due_at: carried?.fallback?.dueAt ?? null,
    fallback_reason: carried?.fallback?.dueAt == null ? null : 'delivery_timeout',
  });
}

/**
 * Sends on PostgreSQL (issue 12), in as few round trips as the steps allow:
 * - opening: one statement — `otp_take_quota` and the request insert, committed without waiting for the
 *   WAL flush (QUICK_COMMIT) so the busy counter rows are not held through an fsync; the closing, which
 *   commits normally after the provider call, flushes the WAL past it, so the request is durable before
 *   the answer;
 * - closing: one transaction — attempts, completion, supersession and audit row in one statement, then
 *   the delivery record of each accepted message (a mock send opens none);
 * - a send known at once (mock): the limits (committed quickly), then the completed request with its
 *   attempts and audit row in one statement committed normally — two round trips, durable before the
 *   answer, no counter row held through an fsync.
 */
export class PostgresSends implements SendStore {
  constructor(
    private readonly c: PostgresConnection,
    private readonly quota: PostgresQuota,
  ) {}

  async openSend(o: SendOpening): Promise<QuotaDecision> {
    if (!o.closing) {
      const { keys, limits, windows } = bucketArrays(o.buckets);
      const opened = await this.c.run<RefusalRow>(
        open(keys, limits, windows, o.now, requestJson(o.request, null)),
      );
      return decisionOf(opened.rows[0]);
    }
    const decision = await this.quota.consumeQuota(o.buckets, o.now);
    if (!decision.allowed) return decision;
    const c = o.closing;
    const stored = openClosed(
      requestJson(o.request, c.outcome),
      attemptsJson(c.attempts),
      auditJson(c.audit),
    );
    await this.write(stored, c.attempts);
    return decision;
  }

  closeSend(closing: SendClosing): Promise<void> {
    return this.write(closeStatement(closing), closing.attempts);
  }

  /** One statement, and the delivery record of each accepted message in the same transaction. */
  private async write(main: QueryConfig, attempts: readonly SendAttemptInput[]): Promise<void> {
    if (!attempts.some(opensDelivery)) {
      await this.c.run(main);
      return;
    }
    await this.c.tx(async (db) => {
      await db.query(main);
      for (const attempt of attempts) if (opensDelivery(attempt)) await recordDeliveryIn(db, attempt);
    });
  }
}

function closeStatement(closing: SendClosing) {
  const o = closing.outcome;
  const attempts = attemptsJson(closing.attempts);
  const audit = auditJson(closing.audit);
  if (!o.ok) return closeFailed(closing.requestId, attempts, audit);
  return closeOk(
    closing.requestId,
    o.provider,
    o.messageKey,
    o.channel,
    o.fallback?.sealedPhone ?? null,
    o.fallback?.dueAt ?? null,
    attempts,
    audit,
  );
}
