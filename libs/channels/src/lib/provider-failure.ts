import type { ProviderName } from '@agent-mitra/contract';
import { networkFailure, type NetworkFailure } from './http/network-failure';
import { ProviderError, type ProviderFailureKind } from './provider-error';

/** One failed provider call, classified: what to throw, and whether waiting and trying again can help. */
export interface Failure {
  readonly error: ProviderError;
  /** True for throttling and transient faults; the retry loop tries again while its budget lasts. */
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
export const credentialsRule = (message: string, fix: string): FailureRule => ({
  kind: 'credentials',
  message,
  fix,
});

export interface FailureContext {
  readonly provider: ProviderName;
  /** Provider's display name for messages, e.g. "Twilio". */
  readonly label: string;
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
      context.fallbackEligible,
    ),
    retryable: rule.kind === 'unavailable',
    retryAfterMs,
    fix: rule.fix ?? null,
  };
}

const NETWORK_MESSAGES: Record<NetworkFailure, (label: string) => string> = {
  timeout: (label) => `${label} did not answer in time`,
  connect: (label) => `could not connect to ${label}`,
  reset: (label) => `the connection to ${label} was cut`,
};

/** A failure below HTTP (retryable), or anything unexpected (not retried: it would fail the same way). */
export function failureFromThrown(context: FailureContext, thrown: unknown): Failure {
  const network = networkFailure(thrown);
  if (network) {
    return failureFromRule(
      context,
      { kind: 'unavailable', message: NETWORK_MESSAGES[network](context.label) },
      null,
      null,
    );
  }
  const error = new ProviderError(
    context.provider,
    'unavailable',
    null,
    `the ${context.label} request failed unexpectedly`,
    context.fallbackEligible,
  );
  return { error, retryable: false, retryAfterMs: null, fix: null };
}
