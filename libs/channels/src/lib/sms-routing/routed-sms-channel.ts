import type { AttemptReason, ProviderName, SmsProviderName } from '@agent-mitra/contract';
import type { Logger, Metrics } from '@agent-mitra/observability';
import type { OtpChannel, OtpMessage, SendReceipt } from '../port';
import { ProviderError } from '../provider-error';
import type { CircuitBreakers } from './circuit-breakers';
import type { SmsRouteTable } from './sms-route-table';

export interface RoutedSmsOptions {
  /** The SMS channels with credentials, by provider. */
  readonly providers: ReadonlyMap<SmsProviderName, OtpChannel>;
  readonly routes: SmsRouteTable;
  readonly breakers: CircuitBreakers;
  /** PROVIDER_RETRY_BUDGET_MS: one send's budget, shared by the providers it tries. */
  readonly retryBudgetMs: number;
  readonly logger: Logger;
  readonly metrics?: Metrics | undefined;
  readonly now?: (() => number) | undefined;
}

/** A refusal of the number (invalid, opted out) is not an outage: another provider would refuse it too. */
function isOutage(error: unknown): boolean {
  return !(error instanceof ProviderError) || error.kind !== 'rejected';
}

/** A call that may have reached its provider (`unknown`): another provider could deliver a second code. */
function mayHaveGoneOut(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === 'unknown';
}

/**
 * SMS through the providers SMS_ROUTES lists for the destination's country, in order (DESIGN §10). A
 * provider whose breaker is open is passed over; an outage (unavailable, credentials, anything
 * unexpected) moves the send to the next provider, all inside one retry budget (each provider gets an
 * equal share of what is left, the last one all of it); a refusal of the number ends the send, and so
 * does a call that may have reached its provider (`unknown`: a failover could deliver twice). Every
 * provider call is reported through `message.onAttempt` with its reason, and its outcome recorded on
 * that provider's breaker.
 */
export class RoutedSmsChannel implements OtpChannel {
  readonly channel = 'sms' as const;
  readonly provider: ProviderName;
  private readonly now: () => number;

  constructor(private readonly options: RoutedSmsOptions) {
    this.provider = options.routes.providers[0] ?? 'twilio';
    this.now = options.now ?? Date.now;
  }

  async send(message: OtpMessage): Promise<SendReceipt> {
    const route = this.options.routes.providersFor(message.to);
    const started = this.now();
    const budgetMs = message.retryBudgetMs ?? this.options.retryBudgetMs;
    let passedOver: SmsProviderName | null = null;
    let reason: AttemptReason | null = null;
    let lastError: unknown = null;
    for (const [index, provider] of route.entries()) {
      if (!(await this.permits(provider, message.requestId))) {
        passedOver ??= provider;
        reason ??= 'breaker_open';
        continue;
      }
      const channel = this.options.providers.get(provider);
      if (!channel) continue;
      if (passedOver !== null && reason !== null) this.countFailover(passedOver, provider, reason, message);
      const left = Math.max(0, budgetMs - (this.now() - started));
      const share = index === route.length - 1 ? left : Math.floor(left / (route.length - index));
      try {
        const receipt = await channel.send({ ...message, retryBudgetMs: share, onAttempt: undefined });
        await this.record(provider, 'success', message.requestId);
        await message.onAttempt?.({ channel: 'sms', provider, reason, receipt, error: null });
        return receipt;
      } catch (error) {
        const outage = isOutage(error);
        await this.record(provider, outage ? 'failure' : 'success', message.requestId);
        await message.onAttempt?.({ channel: 'sms', provider, reason, receipt: null, error });
        if (!outage || mayHaveGoneOut(error)) throw error;
        lastError = error;
        passedOver = provider;
        reason = 'failover';
      }
    }
    if (lastError !== null) throw lastError;
    const error = new ProviderError(
      route[0] ?? this.provider,
      'unavailable',
      null,
      route.length === 0
        ? 'no SMS provider is configured for this destination'
        : 'every SMS provider for this destination is paused after repeated outages (circuit breaker open)',
      false,
    );
    await message.onAttempt?.({ channel: 'sms', provider: error.provider, reason, receipt: null, error });
    throw error;
  }

  async close(): Promise<void> {
    await Promise.all([...this.options.providers.values()].map((channel) => channel.close?.()));
  }

  /** A store failure never blocks a send: the breaker is then treated as closed. */
  private async permits(provider: SmsProviderName, requestId: string): Promise<boolean> {
    try {
      const permit = await this.options.breakers.acquire(provider);
      if (!permit.allowed) {
        this.options.logger.info(
          { request_id: requestId, provider, breaker: permit.state },
          'SMS provider passed over: its circuit breaker is open',
        );
      }
      return permit.allowed;
    } catch (error) {
      this.options.logger.warn(
        { request_id: requestId, provider, err: error },
        'circuit breaker unreadable; trying the provider',
      );
      return true;
    }
  }

  private async record(provider: SmsProviderName, outcome: 'success' | 'failure', requestId: string) {
    try {
      await this.options.breakers.record(provider, outcome);
    } catch (error) {
      this.options.logger.warn(
        { request_id: requestId, provider, err: error },
        'circuit breaker not updated',
      );
    }
  }

  private countFailover(
    from: SmsProviderName,
    to: SmsProviderName,
    reason: AttemptReason,
    message: OtpMessage,
  ) {
    this.options.metrics?.providerFailovers.inc({ from, to, reason });
    this.options.logger.warn({ request_id: message.requestId, from, to, reason }, 'SMS failover');
  }
}
