import type { Logger, Metrics } from '@agent-mitra/observability';
import type { ProviderHttpOptions } from './http/provider-http';
import type { RetryOptions, RetryTiming } from './retry';

/** What every real channel needs besides its credentials (from config.providers, the logger, metrics). */
export interface ProviderClientOptions extends ProviderHttpOptions {
  /** Time allowed for retries of throttled or transient failures (config.providers.retryBudgetMs). */
  readonly retryBudgetMs: number;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  /** Tests inject a clock, sleep and random so retries take no real time. */
  readonly timing?: Partial<RetryTiming> | undefined;
}

export function retryOptionsOf(options: ProviderClientOptions): RetryOptions {
  return { budgetMs: options.retryBudgetMs, ...options.timing };
}
