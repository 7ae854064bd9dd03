import type { Logger, Metrics } from '@agent-mitra/observability';
import type { ProviderHttpOptions } from './http/provider-http';
import type { ProviderName } from '@agent-mitra/contract';
import type { OtpMessage } from './port';
import type { ProviderCallContext } from './provider-call';
import type { RetryTiming } from './retry';

/** What every real channel needs besides its credentials (from config.providers, the logger, metrics). */
export interface ProviderClientOptions extends ProviderHttpOptions {
  /** Time allowed for retries of throttled or transient failures (config.providers.retryBudgetMs). */
  readonly retryBudgetMs: number;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  /** Tests inject a clock, sleep and random so retries take no real time. */
  readonly timing?: Partial<RetryTiming> | undefined;
}

/**
 * The context of one provider call for `callProvider`: who, for which request, logs, metrics, retries.
 * The retry budget is the message's when it carries one (SMS routing shares one budget between the
 * providers of a route), else the channel's.
 */
export function callContextOf(
  provider: ProviderName,
  options: ProviderClientOptions,
  message: Pick<OtpMessage, 'requestId' | 'retryBudgetMs'>,
): ProviderCallContext {
  return {
    provider,
    requestId: message.requestId,
    logger: options.logger,
    metrics: options.metrics,
    retry: { budgetMs: message.retryBudgetMs ?? options.retryBudgetMs, ...options.timing },
  };
}
