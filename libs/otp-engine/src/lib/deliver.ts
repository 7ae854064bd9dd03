import {
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import type { AttemptReason, AttemptStatus } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';
import { persistAfterSend } from './persist';

/**
 * How a send through the plan ended: a provider accepted the message (`sent`), or the last call may
 * have reached its provider without an answer (`unknown`: never retried, never passed to the next
 * channel, since either could deliver a second code).
 */
export type Delivered =
  | { readonly outcome: 'sent'; readonly receipt: SendReceipt; readonly channel: OtpChannel }
  | { readonly outcome: 'unknown'; readonly error: ProviderError; readonly channel: OtpChannel };

export interface DeliverOptions {
  /** The reason of the plan's first choice (a late fallback's `receipt_failed` / `delivery_timeout`). */
  readonly reason?: AttemptReason | null;
}

/** Who the attempts go to, as they may be recorded and counted: masked, and the country (ISO alpha-2). */
export interface Recipient {
  readonly masked: string;
  readonly country: string;
}

const isUnknown = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.kind === 'unknown';

/**
 * Tries the channels of the plan in order until one accepts the message, recording every provider
 * attempt (the provider message id only as its keyed hash). A channel that tries several providers
 * itself (SMS routing) reports each call through `onAttempt`, with its reason (`failover`,
 * `breaker_open`); a channel that reports nothing is recorded here, once. After an earlier channel of
 * the plan failed (WhatsApp → SMS), the next channel's first attempt has the reason `fallback`. Moves on
 * only when the failure is one the next channel can cure (`fallbackEligible`, counted as
 * `otp_fallbacks_total{reason="send_failed"}`); an `unknown` outcome ends the plan without an error; any
 * other failure, or an exhausted plan, throws the last error. Counts `otp_sends_total` per attempt.
 * Recording never fails the send (see persistAfterSend).
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: Omit<OtpMessage, 'onAttempt'>,
  recipient: Recipient,
  options: DeliverOptions = {},
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const [index, channel] of plan.entries()) {
    const fallingBack = index > 0;
    const firstReason: AttemptReason | null = fallingBack ? 'fallback' : (options.reason ?? null);
    let reported = 0;
    const reporting: OtpMessage = {
      ...message,
      onAttempt: async (attempt) => {
        reported += 1;
        await recordAttempt(deps, message.requestId, recipient, {
          ...attempt,
          reason: attempt.reason ?? firstReason,
        });
      },
    };
    const attempt = { channel: channel.channel, provider: channel.provider, reason: firstReason };
    let receipt: SendReceipt;
    try {
      receipt = await channel.send(reporting);
    } catch (error) {
      lastError = error;
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, recipient, { ...attempt, receipt: null, error });
      }
      if (fallingBack) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'failed' });
      if (isUnknown(error)) return { outcome: 'unknown', error, channel };
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
      continue;
    }
    if (reported === 0) {
      await recordAttempt(deps, message.requestId, recipient, { ...attempt, receipt, error: null });
    }
    if (fallingBack) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'sent' });
    return { outcome: 'sent', receipt, channel };
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
}

function attemptStatus({ receipt, error }: ProviderAttempt): AttemptStatus {
  if (receipt) return receipt.status;
  return isUnknown(error) ? 'unknown' : 'failed';
}

async function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  recipient: Recipient,
  attempt: ProviderAttempt,
): Promise<void> {
  const { receipt, error } = attempt;
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  deps.metrics?.otpSends.inc({
    channel: attempt.channel,
    provider: attempt.provider,
    country: recipient.country,
    outcome: receipt ? 'sent' : error instanceof ProviderError ? error.kind : 'error',
  });
  if (!receipt) {
    deps.logger.warn(
      {
        request_id: requestId,
        channel: attempt.channel,
        provider: attempt.provider,
        provider_code: providerCode,
        reason: attempt.reason,
      },
      error instanceof Error ? error.message : 'send failed',
    );
  }
  await persistAfterSend(deps, 'send attempt', requestId, () =>
    deps.store.recordSendAttempt({
      requestId,
      channel: attempt.channel,
      provider: receipt?.provider ?? attempt.provider,
      messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
      status: attemptStatus(attempt),
      errorCode: providerCode,
      errorMessage: error instanceof ProviderError ? error.message : receipt ? null : 'internal error',
      recipientMasked: recipient.masked,
      at: deps.now(),
      reason: attempt.reason,
    }),
  );
}
