import type { OtpRequestRecord } from '@agent-mitra/store';
import { OtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import { audit, auditActor, failureFacts, type AuditActor } from './audit';
import { assertCodeFormat, codeMatches } from './code';
import type { EngineDeps } from './deps';
import { parsePhone, type Phone } from './phone';
import { callerClassOf } from './refusals';
import type { VerifyContext, VerifyInput, VerifyOutcome, VerifyResultName } from './types';
import { assertVerifyBudget, chargeVerifyFailure, verifyBuckets } from './verify-budgets';

/**
 * Checks a code: the request is found by id (and must belong to the phone) or, for authenticated
 * callers only, as the phone's newest pending one; the verify failure budgets (per public address, per
 * phone) are checked before anything is spent; every try counts against that request's limit before the
 * constant-time compare; a wrong code is charged to the budgets; a right code is consumed exactly once.
 * Every verify that got past validation leaves one audit row with its result (or `refused`).
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
  let outcome: VerifyOutcome;
  try {
    outcome = await check(deps, input.code, requestId, phone, context);
  } catch (error) {
    await audit(deps, actor, { action: 'verify', requestId: requestId ?? null, ...failureFacts(error) });
    throw error;
  }
  await recordOutcome(deps, actor, outcome, phone, requestId);
  return outcome;
}

async function check(
  deps: EngineDeps,
  code: string,
  requestId: string | undefined,
  phone: Phone,
  context: VerifyContext,
): Promise<VerifyOutcome> {
  const phoneKey = deps.hashes.phoneHash(phone.e164);
  const budgets = verifyBuckets(deps, phoneKey, callerClassOf(context.caller), context.clientIp);
  await assertVerifyBudget(deps, budgets);
  const isPublic = context.caller.kind === 'public';
  const request = requestId
    ? await deps.store.getRequest(requestId)
    : await deps.store.findLatestPending(phoneKey);
  if (!request || request.phoneHash !== phoneKey) return refused('not_found', 0, null);
  if (isPublic && request.codeOrigin !== 'server') return refused('not_found', 0, null);

  const refusal = refusalOf(request, deps.now());
  if (refusal) return refused(refusal, 0, request.id);

  // Expiry, state and the limit are checked again inside each conditional update: a read above is only
  // a shortcut, never the decision (another instance may have changed the request since).
  const attempts = await deps.store.registerAttempt(request.id, deps.now());
  if (attempts === null) return refused(await whyRefused(deps, request.id), 0, request.id);
  const attemptsLeft = Math.max(0, request.maxAttempts - attempts);
  if (!codeMatches(deps.settings.hashSecret, request.id, code, request.codeHash)) {
    await chargeVerifyFailure(deps, budgets);
    deps.logger.info(
      { request_id: request.id, to: maskPhone(phone.e164), attempts_left: attemptsLeft },
      'otp verify: wrong code',
    );
    return refused('invalid_code', attemptsLeft, request.id);
  }
  const now = deps.now();
  // Only the code just compared: a late SMS fallback may have replaced it since it was read.
  if (!(await deps.store.markVerified(request.id, now, request.codeHash))) {
    return refused(await whyRefused(deps, request.id), 0, request.id);
  }
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

/** Counts the result (`otp_verifications_total{result, country}`) and writes its audit row. */
async function recordOutcome(
  deps: EngineDeps,
  actor: AuditActor,
  outcome: VerifyOutcome,
  phone: Phone,
  askedFor: string | undefined,
): Promise<void> {
  deps.metrics?.otpVerifications.inc({ result: outcome.result, country: phone.country });
  await audit(deps, actor, {
    action: 'verify',
    outcome: outcome.result,
    requestId: outcome.requestId ?? askedFor ?? null,
  });
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

function refused(result: VerifyResultName, attemptsLeft: number, requestId: string | null): VerifyOutcome {
  return { verified: false, result, attemptsLeft, verificationToken: null, requestId };
}
