import {
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import type { AttemptReason, AttemptStatus } from '@agent-mitra/contract';
import { isOtpError, OtpError } from '@agent-mitra/errors';
import type { SendAttemptInput } from '@agent-mitra/store';
import type { EngineDeps } from './deps';

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

/** What every attempt of one send is recorded with, and the check before a fallback. */
export interface DeliveryContext {
  readonly recipientMasked: string;
  /**
   * Where every provider attempt is appended, in order, for the caller to write with the send's closing
   * (`closeSend`: one transaction for the attempts, the completion and the audit row).
   */
  readonly attempts: SendAttemptInput[];
  /** ISO 3166-1 alpha-2 of the number: the `country` label of `otp_sends_total`. */
  readonly country: string;
  /**
   * Called before each channel after the first (the WhatsApp→SMS fallback) and before it is tried; it
   * throws (RATE_LIMITED) to refuse it. A refused fallback reaches no provider: it is recorded as an
   * attempt with status `refused` and the refusal's code (`otp_sends_total{outcome="refused"}`) and
   * thrown.
   */
  readonly beforeFallback?: ((channel: OtpChannel) => Promise<void>) | undefined;
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
 * `otp_fallbacks_total{reason="send_failed"}`) and `beforeFallback` lets it; an `unknown` outcome ends the plan without an error; any
 * other failure, or an exhausted plan, throws the last error. Counts `otp_sends_total` per attempt.
 * The attempts are appended to `context.attempts` (nothing is written here): the caller writes them with
 * the outcome, after the plan ends.
 */
export async function deliver(
  deps: EngineDeps,
  plan: readonly OtpChannel[],
  message: Omit<OtpMessage, 'onAttempt'>,
  context: DeliveryContext,
  options: DeliverOptions = {},
): Promise<Delivered> {
  let lastError: unknown = null;
  for (const [index, channel] of plan.entries()) {
    const fallingBack = index > 0;
    const firstReason: AttemptReason | null = fallingBack ? 'fallback' : (options.reason ?? null);
    if (fallingBack && context.beforeFallback) {
      try {
        await context.beforeFallback(channel);
      } catch (refusal) {
        const refused = { channel: channel.channel, provider: channel.provider, reason: firstReason };
        recordAttempt(deps, message.requestId, context, { ...refused, receipt: null, error: refusal });
        deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'refused' });
        throw refusal;
      }
    }
    let reported = 0;
    const reporting: OtpMessage = {
      ...message,
      onAttempt: (attempt) => {
        reported += 1;
        recordAttempt(deps, message.requestId, context, {
          ...attempt,
          reason: attempt.reason ?? firstReason,
        });
        return Promise.resolve();
      },
    };
    const attempt = { channel: channel.channel, provider: channel.provider, reason: firstReason };
    let receipt: SendReceipt;
    try {
      receipt = await channel.send(reporting);
    } catch (error) {
      lastError = error;
      if (reported === 0) {
        recordAttempt(deps, message.requestId, context, { ...attempt, receipt: null, error });
      }
      if (fallingBack) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'failed' });
      if (isUnknown(error)) return { outcome: 'unknown', error, channel };
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
      continue;
    }
    if (reported === 0) {
      recordAttempt(deps, message.requestId, context, { ...attempt, receipt, error: null });
    }
    if (fallingBack) deps.metrics?.otpFallbacks.inc({ reason: 'send_failed', outcome: 'sent' });
    return { outcome: 'sent', receipt, channel };
  }
  throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
}

const isRefusal = (error: unknown) => isOtpError(error) && error.code === 'RATE_LIMITED';

function attemptStatus({ receipt, error }: ProviderAttempt): AttemptStatus {
  if (receipt) return receipt.status;
  if (isRefusal(error)) return 'refused';
  return isUnknown(error) ? 'unknown' : 'failed';
}

/** `otp_sends_total`'s outcome: sent, the provider failure's kind, refused (a limit), or error. */
function outcomeOf({ receipt, error }: ProviderAttempt): string {
  if (receipt) return 'sent';
  if (error instanceof ProviderError) return error.kind;
  return isRefusal(error) ? 'refused' : 'error';
}

/**
 * One provider attempt as the store keeps it: the provider message id only as its keyed hash, the
 * status after the call (`refused` when a limit stopped it), the provider's or the refusal's error code.
 */
export function attemptInput(
  deps: EngineDeps,
  requestId: string,
  recipientMasked: string,
  attempt: ProviderAttempt,
): SendAttemptInput {
  const { receipt, error } = attempt;
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  const refusalCode = isOtpError(error) && isRefusal(error) ? error.code : null;
  return {
    requestId,
    channel: attempt.channel,
    provider: receipt?.provider ?? attempt.provider,
    messageKey: receipt ? deps.hashes.messageKey(receipt.messageId) : null,
    status: attemptStatus(attempt),
    errorCode: refusalCode ?? providerCode,
    errorMessage:
      error instanceof ProviderError || refusalCode !== null
        ? (error as Error).message
        : receipt
          ? null
          : 'internal error',
    recipientMasked,
    at: deps.now(),
    reason: attempt.reason,
  };
}

/** Counts an attempt in `otp_sends_total` (and logs a failed one, without its number or code). */
export function countAttempt(
  deps: EngineDeps,
  requestId: string,
  country: string,
  attempt: ProviderAttempt,
): void {
  const outcome = outcomeOf(attempt);
  deps.metrics?.otpSends.inc({ channel: attempt.channel, provider: attempt.provider, country, outcome });
  if (attempt.receipt) return;
  const error = attempt.error;
  deps.logger.warn(
    {
      request_id: requestId,
      channel: attempt.channel,
      provider: attempt.provider,
      provider_code: error instanceof ProviderError ? error.providerCode : null,
      reason: attempt.reason,
      outcome,
    },
    error instanceof Error ? error.message : 'send failed',
  );
}

function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  context: DeliveryContext,
  attempt: ProviderAttempt,
): void {
  countAttempt(deps, requestId, context.country, attempt);
  context.attempts.push(attemptInput(deps, requestId, context.recipientMasked, attempt));
}
