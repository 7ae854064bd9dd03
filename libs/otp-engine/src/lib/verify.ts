import type { OtpRequestRecord } from '@agent-mitra/store';
import { OtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import { audit, auditActor, auditEntry, failureFacts, type AuditActor } from './audit';
import { assertCodeFormat, codeMatches } from './code';
import type { EngineDeps } from './deps';
import { parsePhone, type Phone } from './phone';
import { callerClassOf, limitRefusal } from './refusals';
import type { VerifyContext, VerifyInput, VerifyOutcome, VerifyResultName } from './types';
import { verifyBuckets } from './verify-budgets';

/**
 * Checks a code: the request is found by id (and must belong to the phone) or, for authenticated
 * callers only, as the phone's newest pending one; the verify failure budgets (per public address, per
 * phone) are checked before anything is spent; the code is compared in constant time with the hash read,
 * then one conditional write counts the try against the request's limit — and consumes a right code
 * (exactly once), or charges a wrong one to the budgets — before any answer is given. Every verify that
 * got past validation leaves one audit row with its result (or `refused`), in that same write when the
 * try counted.
 *
 * Public callers (DESIGN §4) must give `request_id` — the unguessable id their send returned — so a
 * stranger cannot spend someone else's attempts, and a code a backend chose (`code_origin: caller`) is
 * OTP_NOT_FOUND for them: it proves nothing about the phone's owner. The token says `code_origin`.
 */
export async function verifyOtp(
  deps: EngineDeps,
  input: VerifyInput,
  context: VerifyContext,
): Promise<VerifyOutcome> {
  const phone = parsePhone(input.toPhone);
  assertCodeFormat(input.code);
  const requestId = input.requestId === '' ? undefined : input.requestId;
  if (requestId !== undefined && requestId.length > 64)
    throw new OtpError('VALIDATION_ERROR', 'request_id is too long');
  if (context.caller.kind === 'public' && requestId === undefined) {
    throw new OtpError('VALIDATION_ERROR', 'request_id is required: give the one the send returned', {
      field: 'request_id',
    });
  }
  const actor = auditActor(deps, context.caller, context.clientIp, phone);
  let checked: Checked;
  try {
    checked = await check(deps, input.code, requestId, phone, context, actor);
  } catch (error) {
    await audit(deps, actor, { action: 'verify', requestId: requestId ?? null, ...failureFacts(error) });
    throw error;
  }
  const { outcome } = checked;
  deps.metrics?.otpVerifications.inc({ result: outcome.result, country: phone.country });
  if (!checked.audited) {
    await audit(deps, actor, {
      action: 'verify',
      outcome: outcome.result,
      requestId: outcome.requestId ?? requestId ?? null,
    });
  }
  return outcome;
}

/** A verify's outcome, and whether its audit row went with the store write that counted the try. */
interface Checked {
  readonly outcome: VerifyOutcome;
  readonly audited: boolean;
}

/** Reads again after a try that did not count: at most this many reads per verify. */
const MAX_READS = 3;

async function check(
  deps: EngineDeps,
  code: string,
  requestId: string | undefined,
  phone: Phone,
  context: VerifyContext,
  actor: AuditActor,
): Promise<Checked> {
  const phoneKey = deps.hashes.phoneHash(phone.e164);
  const callerClass = callerClassOf(context.caller);
  const budgets = verifyBuckets(deps, phoneKey, callerClass, context.clientIp);
  const isPublic = context.caller.kind === 'public';
  for (let read = 1; ; read += 1) {
    const found = await deps.store.readForVerify({
      requestId,
      phoneHash: phoneKey,
      // Without a request id, only this class's newest code: a stranger's public send never stands in
      // for a backend's code (and its attempts are not spent on it).
      callerClass,
      budgets,
      now: deps.now(),
    });
    if (read === 1 && !found.budget.allowed) {
      throw limitRefusal(deps, found.budget.key, found.budget.retryAfterMs);
    }
    const request = found.request;
    if (!request || request.phoneHash !== phoneKey) return refused('not_found', 0, null);
    if (isPublic && request.codeOrigin !== 'server') return refused('not_found', 0, null);
    const refusal = refusalOf(request, deps.now());
    if (refusal) return refused(refusal, 0, request.id);

    // Compared here in constant time against the hash just read; the one write below counts the try
    // and consumes a right code only if that hash, the state, the expiry and the limit still hold, so
    // the read is only a shortcut, never the decision (another instance may have changed the request).
    const matched = codeMatches(deps.settings.hashSecret, request.id, code, request.codeHash);
    const now = deps.now();
    const attempts = await deps.store.tryCode({
      requestId: request.id,
      now,
      codeHash: request.codeHash,
      matched,
      charge: budgets,
      audit: auditEntry(deps, actor, {
        action: 'verify',
        outcome: matched ? 'approved' : 'invalid_code',
        requestId: request.id,
      }),
    });
    // Not counted: expired, used, locked or its code replaced (a late SMS fallback) since the read.
    if (attempts === null) {
      if (read < MAX_READS) continue;
      return refused(await whyRefused(deps, request.id), 0, request.id);
    }
    const attemptsLeft = Math.max(0, request.maxAttempts - attempts);
    const outcome = matched
      ? await approved(deps, request, phone, context, attemptsLeft, now)
      : wrongCode(deps, request, phone, attemptsLeft);
    return { outcome, audited: true };
  }
}

function wrongCode(
  deps: EngineDeps,
  request: OtpRequestRecord,
  phone: Phone,
  attemptsLeft: number,
): VerifyOutcome {
  deps.logger.info(
    { request_id: request.id, to: maskPhone(phone.e164), attempts_left: attemptsLeft },
    'otp verify: wrong code',
  );
  return refused('invalid_code', attemptsLeft, request.id).outcome;
}

async function approved(
  deps: EngineDeps,
  request: OtpRequestRecord,
  phone: Phone,
  context: VerifyContext,
  attemptsLeft: number,
  now: number,
): Promise<VerifyOutcome> {
  const token = await deps.tokens.sign(
    {
      phone: phone.e164,
      purpose: request.purpose ?? 'verification',
      requestId: request.id,
      codeOrigin: request.codeOrigin,
    },
    now,
  );
  deps.logger.info(
    {
      request_id: request.id,
      to: maskPhone(phone.e164),
      caller: context.caller.kind,
      code_origin: request.codeOrigin,
    },
    'otp verified',
  );
  return {
    verified: true,
    result: 'approved',
    attemptsLeft,
    verificationToken: token,
    requestId: request.id,
  };
}

/** Why a conditional update refused: read the request again (another caller may have used the code). */
async function whyRefused(deps: EngineDeps, requestId: string): Promise<VerifyResultName> {
  const fresh = await deps.store.getRequest(requestId);
  return (fresh && refusalOf(fresh, deps.now())) || 'not_found';
}

/** Why a request cannot take a try now, or null when it can. */
function refusalOf(request: OtpRequestRecord, now: number): VerifyResultName | null {
  if (request.state === 'verified' || request.state === 'failed') return 'not_found';
  if (request.state === 'superseded') return 'expired';
  if (now >= request.expiresAt) return 'expired';
  if (request.attempts >= request.maxAttempts) return 'max_attempts';
  return null;
}

/** A refusal decided without counting a try: its audit row is still to be written. */
function refused(result: VerifyResultName, attemptsLeft: number, requestId: string | null): Checked {
  return {
    outcome: { verified: false, result, attemptsLeft, verificationToken: null, requestId },
    audited: false,
  };
}
