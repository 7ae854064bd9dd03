import type { ProviderName } from '@agent-mitra/contract';
import { networkFailure, type NetworkFailure } from './http/network-failure';
import { ProviderError, type ProviderFailureKind } from './provider-error';

/** One failed provider call, classified: what to throw, and whether waiting and trying again can help. */
export interface Failure {
  readonly error: ProviderError;
  /**
   * True only when the provider did not take the request (throttling, 503, no connection); the retry
   * loop tries again while its budget lasts. Never for `unknown`: a retry could deliver twice.
   */
  readonly retryable: boolean;
  /** What the provider asked us to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | null;
  /** For `credentials`: the setting an operator must fix, named in the one error log. */
  readonly fix: string | null;
}

/** How a provider's own error code is handled (one table per provider). */
export interface FailureRule {
  readonly kind: ProviderFailureKind;
  /** Says what went wrong without the number, the code or any secret (it reaches API clients). */
  readonly message: string;
  readonly fix?: string;
}

/** Rule builders for the per-provider error tables. */
export const rejectedRule = (message: string): FailureRule => ({ kind: 'rejected', message });
export const unavailableRule = (message: string): FailureRule => ({ kind: 'unavailable', message });
export const unknownRule = (message: string): FailureRule => ({ kind: 'unknown', message });
export const credentialsRule = (message: string, fix: string): FailureRule => ({
  kind: 'credentials',
  message,
  fix,
});

export interface FailureContext {
  readonly provider: ProviderName;
  /** Provider's display name for messages, e.g. "Twilio". */
  readonly label: string;
  /** Whether this provider's failures can be cured by SMS; never for `unknown` (the message may be on its way). */
  readonly fallbackEligible: boolean;
}

export function failureFromRule(
  context: FailureContext,
  rule: FailureRule,
  providerCode: string | null,
  retryAfterMs: number | null,
): Failure {
  return {
    error: new ProviderError(
      context.provider,
      rule.kind,
      providerCode,
      rule.message,
      context.fallbackEligible && rule.kind !== 'unknown',
    ),
    retryable: rule.kind === 'unavailable',
    retryAfterMs,
    fix: rule.fix ?? null,
  };
}

const NETWORK_RULES: Record<NetworkFailure, (label: string) => FailureRule> = {
  timeout: (label) => unavailableRule(`${label} did not answer in time`),
  connect: (label) => unavailableRule(`could not connect to ${label}`),
  reset: (label) => unavailableRule(`the connection to ${label} was cut`),
  after_send: (label) =>
    unknownRule(`the ${label} request was sent but no answer came back; the message may have gone out`),
};

/**
 * A failure below HTTP, or anything unexpected. Retryable only when the request provably did not
 * reach the provider (`networkFailure`); `unknown` once it was sent whole; anything else unexpected is
 * not retried either (it would fail the same way).
 */
export function failureFromThrown(context: FailureContext, thrown: unknown): Failure {
  const network = networkFailure(thrown);
  if (network) return failureFromRule(context, NETWORK_RULES[network](context.label), null, null);
  const error = new ProviderError(
    context.provider,
    'unavailable',
    null,
    `the ${context.label} request failed unexpectedly`,
    context.fallbackEligible,
  );
  return { error, retryable: false, retryAfterMs: null, fix: null };
}
