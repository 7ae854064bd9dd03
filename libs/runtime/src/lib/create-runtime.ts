import type { ChannelSet } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import { createLogger, createMetrics, type Logger, type Metrics } from '@agent-mitra/observability';
import { OtpEngine } from '@agent-mitra/otp-engine';
import type { Flags } from '@agent-mitra/pioneer';
import { KeyedHashes } from '@agent-mitra/privacy';
import { openStore, type OtpStore } from '@agent-mitra/store';
import { createChannels } from './create-channels';
import { createFlags } from './create-flags';

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
  readonly engine: OtpEngine;
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
  const hashes = new KeyedHashes(config.otp.hashSecret);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    root: options.root,
    migrationKeys: { messageKey: (id) => hashes.messageKey(id) },
    applicationName: `agent-mitra-otp-${options.app}`,
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'store: an idle database connection broke; the next query opens a new one'),
  });
  const flags = createFlags(config, logger, metrics);
  const channels = createChannels(config, logger, metrics);
  const engine = new OtpEngine({
    store,
    channels,
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
    engine,
    readiness: async () => {
      const storeOk = await store.ping().then(
        () => true,
        () => false,
      );
      const flagStatus = flags.status();
      return {
        ready: storeOk,
        checks: { store: { ok: storeOk, kind: store.kind }, flags: { ok: true, ...flagStatus } },
      };
    },
    close: async () => {
      await flags.close();
      await Promise.all([channels.sms?.close?.(), channels.whatsapp?.close?.()]);
      await store.close();
    },
  };
}
