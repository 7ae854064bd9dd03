import type { OtpRequestRecord } from '@agent-mitra/store';
import { OtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import { assertCodeFormat, codeMatches } from './code';
import type { EngineDeps } from './deps';
import { normalizePhone, phoneCountry } from './phone';
import type { VerifyContext, VerifyInput, VerifyOutcome, VerifyResultName } from './types';

/**
 * Checks a code: the request is found by id (and must belong to the phone) or, for authenticated
 * callers only, as the phone's newest pending one; every try counts against that request's limit before
 * the constant-time compare, and a right code is consumed exactly once.
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
  const to = normalizePhone(input.toPhone);
  assertCodeFormat(input.code);
  const country = phoneCountry(to);
  const requestId = input.requestId === '' ? undefined : input.requestId;
  if (requestId !== undefined && requestId.length > 64)
    throw new OtpError('VALIDATION_ERROR', 'request_id is too long');
  const isPublic = context.caller.kind === 'public';
  if (isPublic && requestId === undefined) {
    throw new OtpError('VALIDATION_ERROR', 'request_id is required: give the one the send returned', {
      field: 'request_id',
    });
  }
  const phoneKey = deps.hashes.phoneHash(to);
  const request = requestId
    ? await deps.store.getRequest(requestId)
    : await deps.store.findLatestPending(phoneKey);
  if (!request || request.phoneHash !== phoneKey) return outcome(deps, country, 'not_found', 0, null);
  if (isPublic && request.codeOrigin !== 'server') return outcome(deps, country, 'not_found', 0, null);

  const refusal = refusalOf(request, deps.now());
  if (refusal) return outcome(deps, country, refusal, 0, request.id);

  // Expiry, state and the limit are checked again inside each conditional update: a read above is only
  // a shortcut, never the decision (another instance may have changed the request since).
  const attempts = await deps.store.registerAttempt(request.id, deps.now());
  if (attempts === null) return outcome(deps, country, await whyRefused(deps, request.id), 0, request.id);
  const attemptsLeft = Math.max(0, request.maxAttempts - attempts);
  if (!codeMatches(deps.settings.hashSecret, request.id, input.code, request.codeHash)) {
    deps.logger.info(
      { request_id: request.id, to: maskPhone(to), attempts_left: attemptsLeft },
      'otp verify: wrong code',
    );
    return outcome(deps, country, 'invalid_code', attemptsLeft, request.id);
  }
  const now = deps.now();
  // Only the code just compared: a late SMS fallback may have replaced it since it was read.
  if (!(await deps.store.markVerified(request.id, now, request.codeHash))) {
    return outcome(deps, country, await whyRefused(deps, request.id), 0, request.id);
  }
  const token = await deps.tokens.sign(
    {
      phone: to,
      purpose: request.purpose ?? 'verification',
      requestId: request.id,
      codeOrigin: request.codeOrigin,
    },
    now,
  );
  deps.logger.info(
    {
      request_id: request.id,
      to: maskPhone(to),
      caller: context.caller.kind,
      code_origin: request.codeOrigin,
    },
    'otp verified',
  );
  deps.metrics?.otpVerifications.inc({ result: 'approved', country });
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

function outcome(
  deps: EngineDeps,
  country: string,
  result: VerifyResultName,
  attemptsLeft: number,
  requestId: string | null,
): VerifyOutcome {
  deps.metrics?.otpVerifications.inc({ result, country });
  return { verified: false, result, attemptsLeft, verificationToken: null, requestId };
}
