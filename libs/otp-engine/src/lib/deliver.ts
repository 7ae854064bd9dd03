import {
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import { isOtpError, OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';

export interface Delivered {
  readonly receipt: SendReceipt;
  readonly channel: OtpChannel;
}

/** What every attempt of one send is recorded with, and the check before a fallback. */
export interface DeliveryContext {
  readonly recipientMasked: string;
  /** ISO 3166-1 alpha-2 of the number: the `country` label of `otp_sends_total`. */
  readonly country: string;
  /**
   * Called before each channel after the first (the WhatsApp→SMS fallback) and before it is tried; it
   * throws (RATE_LIMITED) to refuse it. A refused fallback reaches no provider: it is recorded as an
   * attempt that failed with the refusal's code (`otp_sends_total{outcome="refused"}`) and thrown.
   */
  readonly beforeFallback?: ((channel: OtpChannel) => Promise<void>) | undefined;
}

/**
 * Tries the channels of the plan in order until one accepts the message, recording every provider
 * attempt (the provider message id only as its keyed hash). A channel that tries several providers
 * itself (SMS routing) reports each call through `onAttempt`, with its reason (`failover`,
 * `breaker_open`); a channel that reports nothing is recorded here, once. Moves on only when the failure
 * is one the next channel can cure (`fallbackEligible`) and `beforeFallback` lets it; otherwise, or when
 * the plan is exhausted, throws the last error.
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: Omit<OtpMessage, 'onAttempt'>,
  context: DeliveryContext,
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const [index, channel] of plan.entries()) {
    const attempt = { channel: channel.channel, provider: channel.provider, reason: null };
    if (index > 0 && context.beforeFallback) {
      try {
        await context.beforeFallback(channel);
      } catch (refusal) {
        await recordAttempt(deps, message.requestId, context, { ...attempt, receipt: null, error: refusal });
        throw refusal;
      }
    }
    let reported = 0;
    const reporting: OtpMessage = {
      ...message,
      onAttempt: async (providerAttempt) => {
        reported += 1;
        await recordAttempt(deps, message.requestId, context, providerAttempt);
      },
    };
    try {
      const receipt = await channel.send(reporting);
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, context, { ...attempt, receipt, error: null });
      }
      return { receipt, channel };
    } catch (error) {
      lastError = error;
      if (reported === 0) {
        await recordAttempt(deps, message.requestId, context, { ...attempt, receipt: null, error });
      }
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
    }
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
}

/** `otp_sends_total`'s outcome: sent, the provider failure's kind, refused (a limit), or error. */
function outcomeOf(attempt: ProviderAttempt): string {
  const { receipt, error } = attempt;
  if (receipt) return 'sent';
  if (error instanceof ProviderError) return error.kind;
  return isOtpError(error) && error.code === 'RATE_LIMITED' ? 'refused' : 'error';
}

async function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  context: DeliveryContext,
  attempt: ProviderAttempt,
): Promise<void> {
  const { receipt, error } = attempt;
  const outcome = outcomeOf(attempt);
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  deps.metrics?.otpSends.inc({
    channel: attempt.channel,
    provider: attempt.provider,
    country: context.country,
    outcome,
  });
  if (!receipt) {
    deps.logger.warn(
      {
        request_id: requestId,
        channel: attempt.channel,
        provider: attempt.provider,
        provider_code: providerCode,
        reason: attempt.reason,
        outcome,
      },
      error instanceof Error ? error.message : 'send failed',
    );
  }
  const refused = outcome === 'refused' && isOtpError(error);
  await deps.store.recordSendAttempt({
    requestId,
    channel: attempt.channel,
    provider: receipt?.provider ?? attempt.provider,
    messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
    status: receipt?.status ?? 'failed',
    errorCode: refused ? error.code : providerCode,
    errorMessage:
      error instanceof ProviderError || refused
        ? (error as Error).message
        : receipt
          ? null
          : 'internal error',
    recipientMasked: context.recipientMasked,
    at: deps.now(),
    reason: attempt.reason,
  });
}
