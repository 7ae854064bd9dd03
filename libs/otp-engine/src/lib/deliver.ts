import {
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import { OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';

export interface Delivered {
  readonly receipt: SendReceipt;
  readonly channel: OtpChannel;
}

/**
 * Tries the channels of the plan in order until one accepts the message, recording every provider
 * attempt (the provider message id only as its keyed hash). A channel that tries several providers
 * itself (SMS routing) reports each call through `onAttempt`, with its reason (`failover`,
 * `breaker_open`); a channel that reports nothing is recorded here, once. Moves on only when the failure
 * is one the next channel can cure (`fallbackEligible`); otherwise, or when the plan is exhausted,
 * throws the last error.
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: Omit<OtpMessage, 'onAttempt'>,
  recipientMasked: string,
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const channel of plan) {
    let reported = 0;
    const reporting: OtpMessage = {
      ...message,
      onAttempt: async (attempt) => {
        reported += 1;
        await recordAttempt(deps, message.requestId, recipientMasked, attempt);
      },
    };
    const attempt = { channel: channel.channel, provider: channel.provider, reason: null };
    try {
      const receipt = await channel.send(reporting);
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, recipientMasked, { ...attempt, receipt, error: null });
      }
      return { receipt, channel };
    } catch (error) {
      lastError = error;
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, recipientMasked, { ...attempt, receipt: null, error });
      }
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
    }
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
}

async function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  recipientMasked: string,
  attempt: ProviderAttempt,
): Promise<void> {
  const { receipt, error } = attempt;
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  deps.metrics?.otpSends.inc({
    channel: attempt.channel,
    provider: attempt.provider,
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
    recipientMasked,
    at: deps.now(),
    reason: attempt.reason,
  });
}
