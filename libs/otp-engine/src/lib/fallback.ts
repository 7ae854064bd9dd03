import type { LateFallbackReason, ProviderName } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import { openFallbackPhone } from '@agent-mitra/privacy';
import type { AuditEntry, FallbackClaim, SendAttemptInput, SendOutcome } from '@agent-mitra/store';
import { generateCode, hashCode } from './code';
import { deliver } from './deliver';
import type { EngineDeps } from './deps';
import { persistAfterSend } from './persist';
import { parsePhone } from './phone';
import { sendTarget, takeFallbackQuota } from './send-budgets';

/** How long a claimed fallback is ours: past the longest SMS send (retry budget + timeouts), with room. */
export const FALLBACK_LEASE_MS = 60_000;
const EXPIRED_BATCH = 200;

export type FallbackOutcome = 'sent' | 'refused' | 'failed' | 'unknown' | 'not_needed';

/**
 * The send limits a late SMS fallback takes (DESIGN §8): the same as the synchronous WhatsApp→SMS
 * fallback (`takeFallbackQuota`: the SMS cooldown and the money budgets — global, prefix — again, for
 * the class of the send's caller). Throws RATE_LIMITED when a limit refuses.
 */
export async function takeFallbackSmsQuota(
  deps: EngineDeps,
  claim: FallbackClaim,
  to: string,
): Promise<void> {
  await takeFallbackQuota(deps, sendTarget(deps, parsePhone(to), claim.callerClass, undefined, false));
}

/**
 * The late-fallback duty's one run (DESIGN §5): erases the sealed phones of expired requests, then claims
 * up to `limit` due fallbacks (atomically: N instances send each once) and sends each. Answers how many
 * it claimed (the duty runs again at once while that is `limit`).
 */
export async function runDueFallbacks(deps: EngineDeps, limit: number): Promise<number> {
  const now = deps.now();
  await deps.store.forgetExpiredFallbacks(now, EXPIRED_BATCH);
  const claims = await deps.store.claimDueFallbacks(now, FALLBACK_LEASE_MS, limit);
  for (const claim of claims) {
    try {
      await sendFallback(deps, claim);
    } catch (error) {
      // A store failure mid-way: the claim's lease runs out and another run takes it over.
      deps.logger.warn({ err: error, request_id: claim.requestId }, 'late SMS fallback interrupted');
    }
  }
  return claims.length;
}

/**
 * One claimed fallback: a fresh code by SMS for the same request, the WhatsApp code replaced in the same
 * conditional update that checks the request may still fall back (so a verify with the WhatsApp code
 * fails from then on). The SMS takes the send limits first; a refusal is recorded and given up.
 */
export async function sendFallback(deps: EngineDeps, claim: FallbackClaim): Promise<FallbackOutcome> {
  const facts = { request_id: claim.requestId, to: claim.phoneMasked, reason: claim.reason };
  const sms = deps.channels.sms;
  let to: string;
  try {
    if (!sms) throw new Error('SMS is not configured');
    to = openFallbackPhone(deps.settings.hashSecret, claim.requestId, claim.sealedPhone);
  } catch (error) {
    // Another OTP_HASH_SECRET, or SMS switched off since the send: nothing can be sent.
    await deps.store.releaseFallback(claim);
    deps.logger.error({ ...facts, err: error }, 'late SMS fallback impossible');
    return count(deps, claim.reason, 'failed');
  }
  try {
    await takeFallbackSmsQuota(deps, claim, to);
  } catch (error) {
    if (!(error instanceof OtpError && error.code === 'RATE_LIMITED')) throw error;
    await recordRefusal(deps, claim, sms.provider, error);
    await deps.store.releaseFallback(claim);
    deps.logger.warn(
      { ...facts, limit: error.details['limit'] },
      'late SMS fallback refused by a send limit',
    );
    return count(deps, claim.reason, 'refused');
  }
  const code = generateCode(deps.settings.length);
  const now = deps.now();
  if (
    !(await deps.store.startFallback(claim, hashCode(deps.settings.hashSecret, claim.requestId, code), now))
  ) {
    deps.logger.info(facts, 'late SMS fallback no longer needed (delivered, verified or replaced meanwhile)');
    return 'not_needed';
  }
  const message = {
    requestId: claim.requestId,
    to,
    code,
    ttlSeconds: Math.max(1, Math.ceil((claim.expiresAt - now) / 1000)),
    locale: claim.locale,
    purpose: claim.purpose,
  };
  const attempts: SendAttemptInput[] = [];
  const delivered = await deliver(
    deps,
    [sms],
    message,
    { recipientMasked: claim.phoneMasked, country: claim.country, attempts },
    { reason: claim.reason },
  ).catch((error: unknown) => ({ outcome: 'failed' as const, error }));
  // The attempts, the outcome and the fallback's own audit row in one write.
  const close = (outcome: SendOutcome, audited: string) => () =>
    deps.store.closeSend({
      requestId: claim.requestId,
      attempts,
      outcome,
      audit: fallbackAudit(deps, claim, audited, outcome.ok ? outcome.provider : sms.provider),
    });
  if (delivered.outcome === 'failed') {
    await persistAfterSend(deps, 'fallback outcome', claim.requestId, close({ ok: false }, 'failed'));
    deps.logger.warn(facts, 'late SMS fallback failed');
    return count(deps, claim.reason, 'failed');
  }
  const receipt = delivered.outcome === 'sent' ? delivered.receipt : null;
  await persistAfterSend(
    deps,
    'fallback outcome',
    claim.requestId,
    close(
      {
        ok: true,
        provider:
          receipt?.provider ?? (delivered.outcome === 'unknown' ? delivered.error.provider : sms.provider),
        messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
        channel: 'sms',
      },
      delivered.outcome,
    ),
  );
  deps.logger.info(
    { ...facts, provider: receipt?.provider ?? null },
    `late SMS fallback ${delivered.outcome}`,
  );
  count(deps, claim.reason, delivered.outcome === 'sent' ? 'sent' : 'failed');
  return delivered.outcome;
}

/** A refused fallback reached no provider: one attempt with status `refused` says so on the request. */
async function recordRefusal(
  deps: EngineDeps,
  claim: FallbackClaim,
  provider: ProviderName,
  error: OtpError,
): Promise<void> {
  await deps.store.recordSendAttempt({
    requestId: claim.requestId,
    channel: 'sms',
    provider,
    messageKey: null,
    status: 'refused',
    errorCode: error.code,
    errorMessage: error.message,
    recipientMasked: claim.phoneMasked,
    at: deps.now(),
    reason: claim.reason,
  });
  await deps.store.appendAudit(fallbackAudit(deps, claim, 'refused', provider));
}

/**
 * The audit row of a late SMS fallback (DESIGN §9: every send): `send` by the `duty` caller
 * `late-fallback`, outcome `sent` / `unknown` / `failed` / `refused`, detail = why it fell back
 * (`receipt_failed`, `delivery_timeout`), with the request's phone hash, masked number and country.
 */
function fallbackAudit(
  deps: EngineDeps,
  claim: FallbackClaim,
  outcome: string,
  provider: ProviderName,
): AuditEntry {
  return {
    at: deps.now(),
    action: 'send',
    requestId: claim.requestId,
    channel: 'sms',
    provider,
    outcome,
    detail: claim.reason,
    callerKind: 'duty',
    callerId: 'late-fallback',
    clientIpHash: null,
    phoneHash: claim.phoneHash,
    phoneMasked: claim.phoneMasked,
    country: claim.country,
  };
}

function count(
  deps: EngineDeps,
  reason: LateFallbackReason,
  outcome: 'sent' | 'refused' | 'failed',
): FallbackOutcome {
  deps.metrics?.otpFallbacks.inc({ reason, outcome });
  return outcome;
}
