import type { ChannelSet, SmsTemplates } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import type { BreakerState } from '@agent-mitra/contract';
import { createLogger, createMetrics, type Logger, type Metrics } from '@agent-mitra/observability';
import { OtpEngine } from '@agent-mitra/otp-engine';
import type { Flags } from '@agent-mitra/pioneer';
import { KeyedHashes } from '@agent-mitra/privacy';
import { openStore, type OtpStore } from '@agent-mitra/store';
import { adminKeyThrottle, type AdminKeyThrottle } from './admin-key-throttle';
import { createChannels } from './create-channels';
import { createFlags } from './create-flags';
import { mockModeOf, type MockModeView } from './mock-mode';
import { routedProviders, smsProviderChecks } from './sms-readiness';
import { createSmsTemplates } from './sms-templates';
import { breakerSettingsOf, StoreCircuitBreakers } from './store-circuit-breakers';

/** Everything an app stands on, built once from the config, and closed in reverse order. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly store: OtpStore;
  readonly flags: Flags;
  readonly channels: ChannelSet;
  /** Keyed hashes of phones, message ids and IPs (OTP_HASH_SECRET), shared by the engine and the edges. */
  readonly hashes: KeyedHashes;
  /** The DLT templates of every SMS locale, checked at start. */
  readonly smsTemplates: SmsTemplates;
  /** The SMS providers' circuit breakers, shared through the store. */
  readonly breakers: StoreCircuitBreakers;
  readonly engine: OtpEngine;
  /** Wrong admin keys per client address, shared through the store (every app's admin-keyed routes). */
  readonly adminKeyThrottle: AdminKeyThrottle;
  /** Whether mock mode can answer anyone now, and which flag source says so (never waits). */
  mockMode(): MockModeView;
  /** Ready when the store answers; flag sync is reported but never fails readiness (flags fail safe). */
  readiness(): Promise<ReadinessReport>;
  close(): Promise<void>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: {
    readonly store: { readonly ok: boolean; readonly kind: string };
    readonly flags: {
      readonly ok: boolean;
      readonly source: string;
      readonly synced: boolean;
      readonly detail: string;
    };
    /** Each SMS provider SMS_ROUTES names: its breaker as the shared store has it (never fails readiness). */
    readonly sms_providers: Readonly<
      Record<
        string,
        {
          readonly configured: boolean;
          readonly state: BreakerState | 'unknown';
          readonly consecutive_failures: number;
          readonly opened_at: string | null;
        }
      >
    >;
  };
}

export interface RuntimeOptions {
  readonly app: string;
  /** Tests pass their own logger (to read what was logged) or clock. */
  readonly logger?: Logger;
  readonly clock?: () => number;
  /** Where a relative `sqlite:` path starts (the project root); default: the working directory. */
  readonly root?: string;
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ name: options.app, level: config.logLevel });
  const metrics = createMetrics(options.app);
  // Checked before anything opens: a template that cannot be filled exactly stops the app here.
  const smsTemplates = createSmsTemplates(config);
  const hashes = new KeyedHashes(config.otp.hashSecret);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    root: options.root,
    migrationKeys: { messageKey: (id) => hashes.messageKey(id) },
    applicationName: `agent-mitra-otp-${options.app}`,
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'store: an idle database connection broke; the next query opens a new one'),
  });
  const breakers = new StoreCircuitBreakers(store, breakerSettingsOf(config), logger, options.clock);
  const routed = routedProviders(config);
  metrics.watchBreakers(() => breakers.views(routed));
  const flags = createFlags(config, logger, metrics);
  metrics.watchMockMode(() => mockModeOf(flags, config));
  let channels: ChannelSet;
  try {
    channels = createChannels(config, logger, metrics, { templates: smsTemplates, breakers });
  } catch (error) {
    await Promise.all([flags.close(), store.close()]);
    throw error;
  }
  const engine = new OtpEngine({
    store,
    channels,
    smsTemplates,
    flags,
    settings: config.otp,
    production: config.isProduction,
    logger,
    metrics,
    hashes,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    config,
    logger,
    metrics,
    store,
    flags,
    channels,
    hashes,
    smsTemplates,
    breakers,
    engine,
    adminKeyThrottle: adminKeyThrottle({ store, hashes }),
    mockMode: () => mockModeOf(flags, config),
    readiness: async () => {
      const storeOk = await store.ping().then(
        () => true,
        () => false,
      );
      const flagStatus = flags.status();
      return {
        ready: storeOk,
        checks: {
          store: { ok: storeOk, kind: store.kind },
          flags: { ok: true, ...flagStatus },
          sms_providers: await smsProviderChecks(config, breakers, routed),
        },
      };
    },
    close: async () => {
      await flags.close();
      await Promise.all([channels.sms?.close?.(), channels.whatsapp?.close?.()]);
      await store.close();
    },
  };
}
