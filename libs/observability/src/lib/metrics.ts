import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Gauge values of `otp_sms_breaker_state`. */
export const BREAKER_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Whether mock mode can answer anyone now, and which source says so (`otp_mock_mode_on`). Read at
 * scrape time (the runtime points it at the flags).
 */
export type MockModeSource = () => { readonly on: boolean; readonly source: 'env' | 'bootstrap' | 'unleash' };

const FLAG_SOURCES = ['env', 'bootstrap', 'unleash'] as const;

/** Where the breaker gauge reads its values at scrape time (the runtime points it at the store). */
export type BreakerStateSource = () => Promise<
  readonly { readonly provider: string; readonly state: keyof typeof BREAKER_STATE_VALUES }[]
>;

/**
 * One registry per process, with the counters every app may update: the catalogue of issue 14 (README
 * "Operations"). Labels are bounded and never hold a phone number, a code, a message id, an IP or a
 * key; `country` is ISO 3166-1 alpha-2 (`ZZ` unknown).
 */
export function createMetrics(app: string) {
  let breakerSource: BreakerStateSource | null = null;
  let mockModeSource: MockModeSource | null = null;
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    /** outcome: sent, rejected, unavailable, unknown, credentials, refused, error (one per provider attempt). */
    otpSends: new Counter({
      name: 'otp_sends_total',
      help: 'OTP send attempts by channel, provider, destination country and outcome',
      labelNames: ['channel', 'provider', 'country', 'outcome'] as const,
      registers,
    }),
    otpMockSends: new Counter({
      name: 'otp_mock_sends_total',
      help: 'Sends answered by mock mode (nothing sent), by channel and the flag source that turned it on',
      labelNames: ['channel', 'source'] as const,
      registers,
    }),
    otpVerifications: new Counter({
      name: 'otp_verifications_total',
      help: 'OTP verifications by result and destination country',
      labelNames: ['result', 'country'] as const,
      registers,
    }),
    refusals: new Counter({
      name: 'otp_refusals_total',
      help:
        'Sends and verifies refused by an abuse defence, by kind: country, global, prefix, ip, phone, ' +
        'cooldown, verify_failures',
      labelNames: ['kind'] as const,
      registers,
    }),
    globalBudgetTrips: new Counter({
      name: 'otp_global_budget_trips_total',
      help: 'Times the global send budget went from open to tripped (once per tripped window, all instances)',
      registers,
    }),
    otpFallbacks: new Counter({
      name: 'otp_fallbacks_total',
      help:
        'WhatsApp codes sent again by SMS, by reason (send_failed: Graph refused at once; receipt_failed: a failed ' +
        'receipt; delivery_timeout: no delivery in OTP_FALLBACK_AFTER_SECONDS) and outcome (sent, refused, failed)',
      labelNames: ['reason', 'outcome'] as const,
      registers,
    }),
    timeToDelivery: new Histogram({
      name: 'otp_time_to_delivery_seconds',
      help: 'From the send to the first delivered or read receipt, by channel and provider',
      labelNames: ['channel', 'provider'] as const,
      buckets: [1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 900],
      registers,
    }),
    providerRequests: new Histogram({
      name: 'otp_provider_request_seconds',
      help: 'Time of each provider HTTP call, by provider and outcome',
      labelNames: ['provider', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    deliveryReceipts: new Counter({
      name: 'otp_delivery_receipts_total',
      help: 'Delivery receipts stored, by provider and normalised status',
      labelNames: ['provider', 'status'] as const,
      registers,
    }),
    webhookRejected: new Counter({
      name: 'otp_webhook_rejected_total',
      help: 'Webhook calls refused, by provider and reason',
      labelNames: ['provider', 'reason'] as const,
      registers,
    }),
    httpRequests: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    grpcRequests: new Histogram({
      name: 'grpc_request_duration_seconds',
      help: 'gRPC calls by method and status code',
      labelNames: ['method', 'code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    providerFailovers: new Counter({
      name: 'otp_provider_failovers_total',
      help: 'SMS sends moved to another provider: from the one passed over, to the one tried, and why',
      labelNames: ['from', 'to', 'reason'] as const,
      registers,
    }),
    providerBreakerState: new Gauge({
      name: 'otp_provider_breaker_state',
      help: 'Circuit breaker of each SMS provider, read from the shared store: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'] as const,
      registers,
      async collect() {
        if (!breakerSource) return;
        const states = await breakerSource().catch(() => null);
        for (const { provider, state } of states ?? []) this.set({ provider }, BREAKER_STATE_VALUES[state]);
      },
    }),
    /** Points `otp_provider_breaker_state` at the shared breakers, so every instance shows the same state. */
    watchBreakers(source: BreakerStateSource): void {
      breakerSource = source;
    },
    mockModeOn: new Gauge({
      name: 'otp_mock_mode_on',
      help: 'Whether mock_otp_enabled can answer anyone now (1) or no one (0), labelled by the flag source',
      labelNames: ['source'] as const,
      registers,
      collect() {
        if (!mockModeSource) return;
        const { on, source } = mockModeSource();
        for (const each of FLAG_SOURCES) this.set({ source: each }, each === source && on ? 1 : 0);
      },
    }),
    /** Points `otp_mock_mode_on` at the flags (read at each scrape). */
    watchMockMode(source: MockModeSource): void {
      mockModeSource = source;
    },
    flagSource: new Gauge({
      name: 'pioneer_flag_source',
      help: 'Where Pioneer flag values come from now (1 = active source): unleash, bootstrap or env',
      labelNames: ['source'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
