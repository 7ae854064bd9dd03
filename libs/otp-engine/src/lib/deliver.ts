import { ProviderError, type OtpChannel, type OtpMessage, type SendReceipt } from '@agent-mitra/channels';
import { OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';

export interface Delivered {
  readonly receipt: SendReceipt;
  readonly channel: OtpChannel;
}

/**
 * Tries the channels of the plan in order until one accepts the message, recording every attempt
 * (the provider message id only as its keyed hash). Moves on only when the failure is one the next
 * channel can cure (`fallbackEligible`); otherwise, or when the plan is exhausted, throws the last error.
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: OtpMessage,
  recipientMasked: string,
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const channel of plan) {
    try {
      const receipt = await channel.send(message);
      await recordAttempt(deps, message.requestId, channel, recipientMasked, receipt, null);
      return { receipt, channel };
    } catch (error) {
      lastError = error;
      await recordAttempt(deps, message.requestId, channel, recipientMasked, null, error);
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
    }
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
}

async function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  channel: OtpChannel,
  recipientMasked: string,
  receipt: SendReceipt | null,
  error: unknown,
): Promise<void> {
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  deps.metrics?.otpSends.inc({
    channel: channel.channel,
    provider: channel.provider,
    outcome: receipt ? 'sent' : error instanceof ProviderError ? error.kind : 'error',
  });
  if (!receipt) {
    deps.logger.warn(
      {
        request_id: requestId,
        channel: channel.channel,
        provider: channel.provider,
        provider_code: providerCode,
      },
      error instanceof Error ? error.message : 'send failed',
    );
  }
  await deps.store.recordSendAttempt({
    requestId,
    channel: channel.channel,
    provider: receipt?.provider ?? channel.provider,
    messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
    status: receipt?.status ?? 'failed',
    errorCode: providerCode,
    errorMessage: error instanceof ProviderError ? error.message : receipt ? null : 'internal error',
    recipientMasked,
    at: deps.now(),
  });
}
