import { OtpError } from '@agent-mitra/errors';
import type { ProviderName } from '@agent-mitra/contract';

/**
 * - `rejected`: the provider refused this number or message for good (never retried).
 * - `unavailable`: the provider did not take the request: throttling, 503, a refused or timed-out
 *   connection (retried within a time budget).
 * - `unknown`: the request may have reached the provider, which may be delivering it: a timeout or a
 *   cut connection after the whole request was sent, an ambiguous 5xx (500, 502, 504). Never retried
 *   (a retry could deliver twice) and never fallback-eligible: the delivery receipts decide.
 * - `credentials`: our credentials or configuration are wrong (never retried; an operator must act).
 */
export type ProviderFailureKind = 'rejected' | 'unavailable' | 'unknown' | 'credentials';

/**
 * A provider failure, already mapped to the error registry: `rejected` → PROVIDER_REJECTED, the other
 * kinds → PROVIDER_UNAVAILABLE. Details carry the provider's own code.
 */
export class ProviderError extends OtpError {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderFailureKind,
    readonly providerCode: string | null,
    message: string,
    /** True when another channel (SMS) can deliver what this one could not. */
    readonly fallbackEligible: boolean,
  ) {
    super(kind === 'rejected' ? 'PROVIDER_REJECTED' : 'PROVIDER_UNAVAILABLE', message, {
      provider,
      provider_code: providerCode,
    });
  }
}
