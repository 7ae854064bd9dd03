import {
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import type { AttemptReason } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';

export interface Delivered {
  readonly receipt: SendReceipt;
  readonly channel: OtpChannel;
}

/** Who the attempts go to, as they may be recorded and counted: masked, and the country (ISO alpha-2). */
export interface Recipient {
  readonly masked: string;
  readonly country: string;
}

/**
 * Tries the channels of the plan in order until one accepts the message, recording every provider
 * attempt (the provider message id only as its keyed hash). A channel that tries several providers
 * itself (SMS routing) reports each call through `onAttempt`, with its reason (`failover`,
 * `breaker_open`); a channel that reports nothing is recorded here, once. After an earlier channel of
 * the plan failed (WhatsApp → SMS), the next channel's first attempt has the reason `fallback`. Moves
 * on only when the failure is one the next channel can cure (`fallbackEligible`); otherwise, or when
 * the plan is exhausted, throws the last error. Counts `otp_sends_total` per attempt and `otp_fallbacks_total{reason="send_failed"}`.
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: Omit<OtpMessage, 'onAttempt'>,
  recipient: Recipient,
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const [index, channel] of plan.entries()) {
    const fallback = index > 0;
    const reason: AttemptReason | null = fallback ? 'fallback' : null;
    let reported = 0;
    const reporting: OtpMessage = {
      ...message,
      // A channel reporting its own attempts (SMS routing) gives its first choice no reason: after a
      // WhatsApp failure, that first SMS attempt is the fallback.
      onAttempt: async (attempt) => {
        reported += 1;
        await recordAttempt(deps, message.requestId, recipient, {
          ...attempt,
          reason: attempt.reason ?? reason,
        });
      },
    };
    const attempt = { channel: channel.channel, provider: channel.provider, reason };
    try {
      const receipt = await channel.send(reporting);
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, recipient, { ...attempt, receipt, error: null });
      }
      if (fallback) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'sent' });
      return { receipt, channel };
    } catch (error) {
      lastError = error;
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, recipient, { ...attempt, receipt: null, error });
      }
      if (fallback) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'failed' });
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
    }
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
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
  await deps.store.recordSendAttempt({
    requestId,
    channel: attempt.channel,
    provider: receipt?.provider ?? attempt.provider,
    messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
    status: receipt?.status ?? 'failed',
    errorCode: providerCode,
    errorMessage: error instanceof ProviderError ? error.message : receipt ? null : 'internal error',
    recipientMasked: recipient.masked,
    at: deps.now(),
    reason: attempt.reason,
  });
}
