import type { BreakerState, SmsProviderName } from '@agent-mitra/contract';

/** The answer to "may this send go to that provider now?". */
export interface BreakerPermit {
  readonly allowed: boolean;
  readonly state: BreakerState;
}

/**
 * The circuit breakers SMS routing consults, one per provider (DESIGN §10). The runtime implements it
 * on the store, so every instance agrees: opened by SMS_PROVIDER_FAILURE_THRESHOLD consecutive outages,
 * half-open (one probe at a time) after SMS_PROVIDER_COOLDOWN_SECONDS.
 */
export interface CircuitBreakers {
  acquire(provider: SmsProviderName): Promise<BreakerPermit>;
  /** `failure` for an outage; `success` for any answer that proves the provider is up (a refusal too). */
  record(provider: SmsProviderName, outcome: 'success' | 'failure'): Promise<void>;
}

/** Breakers that never open: for a channel used without a store (tests, tools). */
export const NO_BREAKERS: CircuitBreakers = {
  acquire: () => Promise.resolve({ allowed: true, state: 'closed' }),
  record: () => Promise.resolve(),
};
