import { AUDIT_COLUMNS, auditColumnsObject } from '../audit-query';
import type { CodeTry, VerificationStore, VerifyLookup, VerifyRead } from '../port';
import { statement, type PostgresConnection } from './connection';
import { ADD_SQL, bucketArrays, decisionOf, PEEK_SQL } from './quota';
import { toRequest, type RequestRow } from '../rows';

type ReadRow = Partial<RequestRow> & { refused_key: string | null; retry_after_ms: string | null };

const LATEST_PENDING = `phone_hash = $1 AND caller_class IS NOT DISTINCT FROM $5::text AND state = 'pending'
  AND channel_used IS NOT NULL ORDER BY created_at DESC, seq DESC LIMIT 1`;

// The request (or nothing) beside the budgets' refusal (or nothing), in one read.
const readWith = (name: string, where: string) =>
  statement(
    name,
    `SELECT r.*, q.refused_key, q.retry_after_ms FROM (SELECT 1) AS one
     LEFT JOIN (SELECT * FROM otp_requests WHERE ${where}) AS r ON true
     LEFT JOIN (${PEEK_SQL('$2', '$3', '$4::bigint')}) AS q ON true`,
  );
const readById = readWith('verifications.read_by_id', 'id = $1');
const readLatest = readWith('verifications.read_latest', LATEST_PENDING);

// Counts the try and, for a right code ($4), consumes the request; the budgets of a wrong code ($5,
// $6: empty when it matched) and the audit row ($7) are written only when the try counted.
const tryCode = statement(
  'verifications.try_code',
  `WITH t AS (
     UPDATE otp_requests SET attempts = attempts + 1,
       state = CASE WHEN $4::boolean THEN 'verified' ELSE state END,
       verified_at = CASE WHEN $4::boolean THEN $2::bigint ELSE verified_at END,
       fallback_phone = CASE WHEN $4::boolean THEN NULL ELSE fallback_phone END,
       fallback_due_at = CASE WHEN $4::boolean THEN NULL ELSE fallback_due_at END,
       fallback_claimed_until = CASE WHEN $4::boolean THEN NULL ELSE fallback_claimed_until END
     WHERE id = $1 AND state = 'pending' AND expires_at > $2::bigint AND attempts < max_attempts
       AND code_hash = $3
     RETURNING attempts),
   charge AS (${ADD_SQL('$5', '$6', '$2::bigint', ', t')}),
   aud AS (
     INSERT INTO audit_log (${AUDIT_COLUMNS})
     SELECT ${AUDIT_COLUMNS} FROM json_populate_record(NULL::audit_log, $7::json), t WHERE $7::json IS NOT NULL)
   SELECT attempts FROM t`,
);

/**
 * Verification on PostgreSQL (issue 12): one read (the request beside the failure budgets' snapshot),
 * then one statement — the conditional update that counts the try and consumes a right code, with the
 * expiry, state, attempt limit and the compared code's hash in its WHERE; the wrong code's budget charge
 * and the audit row hang off its RETURNING, so they are written exactly when the try counted.
 */
export class PostgresVerifications implements VerificationStore {
  constructor(private readonly c: PostgresConnection) {}

  async readForVerify(lookup: VerifyLookup): Promise<VerifyRead> {
    const { keys, limits } = bucketArrays(lookup.budgets);
    const row = (
      await this.c.run<ReadRow>(
        lookup.requestId === undefined
          ? readLatest(lookup.phoneHash, keys, limits, lookup.now, lookup.callerClass)
          : readById(lookup.requestId, keys, limits, lookup.now),
      )
    ).rows[0];
    return {
      request: row?.id ? toRequest(row as RequestRow) : null,
      budget: decisionOf(row),
    };
  }

  async tryCode(t: CodeTry): Promise<number | null> {
    const { keys, windows } = bucketArrays(t.matched ? [] : t.charge);
    const audit = t.audit ? JSON.stringify(auditColumnsObject(t.audit)) : null;
    const rows = (
      await this.c.run<{ attempts: number }>(
        tryCode(t.requestId, t.now, t.codeHash, t.matched, keys, windows, audit),
      )
    ).rows;
    return rows[0]?.attempts ?? null;
  }
}
