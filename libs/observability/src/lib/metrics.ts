import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Gauge values of `otp_sms_breaker_state`. */
export const BREAKER_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

/** Where the breaker gauge reads its values at scrape time (the runtime points it at the store). */
export type BreakerStateSource = () => Promise<
  readonly { readonly provider: string; readonly state: keyof typeof BREAKER_STATE_VALUES }[]
>;

/** One registry per process, with the counters every app may update. Labels never hold a phone or a code. */
export function createMetrics(app: string) {
  let breakerSource: BreakerStateSource | null = null;
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    otpSends: new Counter({
      name: 'otp_sends_total',
      help: 'OTP send attempts (one per provider call) by channel, provider, destination country and outcome',
      labelNames: ['channel', 'provider', 'country', 'outcome'] as const,
      registers,
    }),
    otpVerifications: new Counter({
      name: 'otp_verifications_total',
      help: 'OTP verifications by result and country of the number',
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
    smsFailovers: new Counter({
      name: 'otp_sms_failovers_total',
      help: 'SMS sends moved to another provider: from the one passed over, to the one tried, and why',
      labelNames: ['from', 'to', 'reason'] as const,
      registers,
    }),
    smsBreakerState: new Gauge({
      name: 'otp_sms_breaker_state',
      help: 'Circuit breaker of each SMS provider, read from the shared store: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'] as const,
      registers,
      async collect() {
        if (!breakerSource) return;
        const states = await breakerSource().catch(() => null);
        for (const { provider, state } of states ?? []) this.set({ provider }, BREAKER_STATE_VALUES[state]);
      },
    }),
    /** Points `otp_sms_breaker_state` at the shared breakers, so every instance shows the same state. */
    watchBreakers(source: BreakerStateSource): void {
      breakerSource = source;
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
