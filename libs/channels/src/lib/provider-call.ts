import type { ProviderName } from '@agent-mitra/contract';
import type { Logger, Metrics } from '@agent-mitra/observability';
import type { Failure } from './provider-failure';
import { withRetry, type Outcome, type RetryOptions } from './retry';

export interface ProviderCallContext {
  readonly provider: ProviderName;
  readonly requestId: string;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  readonly retry: RetryOptions;
}

/**
 * One provider call with retries: each HTTP attempt is timed into `otp_provider_request_seconds`, each
 * retry is a warning, and a credentials failure is one error log naming the setting to fix. Throws the
 * classified ProviderError. Logs carry the request id and the provider's code, never the number or code.
 */
export async function callProvider<T>(
  context: ProviderCallContext,
  call: () => Promise<T>,
  classify: (thrown: unknown) => Failure,
): Promise<T> {
  const attempt = async (): Promise<Outcome<T>> => {
    const started = performance.now();
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await call() };
    } catch (thrown) {
      outcome = { ok: false, failure: classify(thrown) };
    }
    const label = outcome.ok ? 'ok' : outcome.failure.error.kind;
    context.metrics?.providerRequests.observe(
      { provider: context.provider, outcome: label },
      (performance.now() - started) / 1000,
    );
    return outcome;
  };
  const outcome = await withRetry(attempt, context.retry, (failure, retry, delayMs) => {
    context.logger.warn(
      {
        request_id: context.requestId,
        provider: context.provider,
        provider_code: failure.error.providerCode,
        retry,
        delay_ms: delayMs,
      },
      `${failure.error.message}; retrying`,
    );
  });
  if (outcome.ok) return outcome.value;
  const { error, fix } = outcome.failure;
  if (error.kind === 'credentials') {
    context.logger.error(
      { request_id: context.requestId, provider: context.provider, provider_code: error.providerCode, fix },
      `${error.message}; fix ${fix ?? 'the provider settings'}`,
    );
  }
  throw error;
}
