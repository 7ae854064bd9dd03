import type { BreakerPermit, CircuitBreakers } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import type { BreakerState, SmsProviderName } from '@agent-mitra/contract';
import type { Logger } from '@agent-mitra/observability';
import type { BreakerSettings, BreakerStore } from '@agent-mitra/store';

/** What `/readyz` and the `otp_provider_breaker_state` gauge show of one provider's breaker. */
export interface ProviderBreakerView {
  readonly provider: SmsProviderName;
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** When it last opened (Unix ms); null while closed. */
  readonly openedAt: number | null;
}

const nameOf = (provider: SmsProviderName) => `sms:${provider}`;

/** The breaker settings of DESIGN §10 from the config; a probe may take as long as one whole send. */
export function breakerSettingsOf(config: Config): BreakerSettings {
  return {
    failureThreshold: config.sms.failureThreshold,
    cooldownMs: config.sms.cooldownSeconds * 1000,
    probeLeaseMs: config.providers.timeoutMs + config.providers.retryBudgetMs + 1000,
  };
}

/**
 * The SMS providers' circuit breakers on the shared store (`sms:<provider>` rows), so every process and
 * instance counts the same consecutive outages and lets one probe through at a time. Transitions are
 * logged: `warn` when a breaker opens, `info` when it closes again.
 */
export class StoreCircuitBreakers implements CircuitBreakers {
  constructor(
    private readonly store: BreakerStore,
    private readonly settings: BreakerSettings,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(provider: SmsProviderName): Promise<BreakerPermit> {
    const permit = await this.store.acquireBreaker(nameOf(provider), this.now(), this.settings);
    if (permit.allowed && permit.probe) {
      this.logger.info({ provider, breaker: 'half_open' }, 'circuit breaker half-open: probing the provider');
    }
    return { allowed: permit.allowed, state: permit.state };
  }

  async record(provider: SmsProviderName, outcome: 'success' | 'failure'): Promise<void> {
    const { previous, record } = await this.store.recordBreakerOutcome(
      nameOf(provider),
      outcome,
      this.now(),
      this.settings,
    );
    if (previous === record.state) return;
    const facts = { provider, breaker: record.state, consecutive_failures: record.consecutiveFailures };
    if (record.state === 'open') {
      this.logger.warn(
        { ...facts, cooldown_seconds: this.settings.cooldownMs / 1000 },
        'circuit breaker opened: SMS goes to the next provider of each route',
      );
    } else if (record.state === 'closed')
      this.logger.info(facts, 'circuit breaker closed: the provider is back');
  }

  /** Every given provider's breaker as the store has it now (closed when never recorded). */
  async views(providers: readonly SmsProviderName[]): Promise<ProviderBreakerView[]> {
    const records = new Map((await this.store.listBreakers()).map((record) => [record.name, record]));
    return providers.map((provider) => {
      const record = records.get(nameOf(provider));
      return {
        provider,
        state: record?.state ?? 'closed',
        consecutiveFailures: record?.consecutiveFailures ?? 0,
        openedAt: record?.openedAt ?? null,
      };
    });
  }
}
