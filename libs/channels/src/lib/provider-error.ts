import { OtpError } from '@agent-mitra/errors';
import type { ProviderName } from '@agent-mitra/contract';

/**
 * - `rejected`: the provider refused this number or message for good (never retried).
 * - `unavailable`: throttling, 5xx, timeouts, connection errors (retried within a time budget).
 * - `credentials`: our credentials or configuration are wrong (never retried; an operator must act).
 */
export type ProviderFailureKind = 'rejected' | 'unavailable' | 'credentials';

/** A provider failure, already mapped to the error registry. Details carry the provider's own code. */
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
