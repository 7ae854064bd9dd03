import { InMemStorageProvider, type UnleashConfig } from 'unleash-client';
import type { FlagStatus } from './port';
import { createBootstrapProvider, type FeatureToggle } from './unleash-bootstrap';
import type { FlagsLogger } from './unleash-state';

export interface UnleashFlagsOptions {
  /** The Unleash API URL, e.g. `http://127.0.0.1:4242/api/`. */
  readonly url: string;
  /** A backend (client) token, sent as `Authorization`. */
  readonly apiToken: string;
  readonly appName: string;
  readonly environment: string;
  /** How often to poll Unleash; 0 never fetches (bootstrap and fallback only). */
  readonly refreshIntervalMs: number;
  /** The PIONEER_FLAG_* values: the answer until the first sync and for flags Unleash does not know. */
  readonly fallback: Readonly<Record<string, boolean>>;
  readonly logger: FlagsLogger;
  /** UNLEASH_BOOTSTRAP_FILE: toggles to serve until the first sync. */
  readonly bootstrapFile?: string | undefined;
  /** Bootstrap toggles given in code; wins over `bootstrapFile`. */
  readonly bootstrap?: readonly FeatureToggle[] | undefined;
  /** How often usage metrics go to Unleash (default 60 s); 0 sends none. */
  readonly metricsIntervalMs?: number;
  /** Timeout of each HTTP request to Unleash (default 5 s). */
  readonly timeoutMs?: number;
  /** How long close() waits for a fetch under way (default 5 s). */
  readonly closeTimeoutMs?: number;
  /** Called on each change of status (first bootstrap, first sync, outage, recovery). */
  readonly onStatusChange?: (status: FlagStatus) => void;
}

/** The unleash-client settings for these options (polling, in-memory backup, our HTTP agent). */
export function sdkConfig(
  options: UnleashFlagsOptions,
  agent: NonNullable<UnleashConfig['httpOptions']>['agent'],
  onBootstrap: (toggles: number) => void,
): UnleashConfig {
  const metricsInterval = options.metricsIntervalMs ?? 60_000;
  const bootstrap = { file: options.bootstrapFile, features: options.bootstrap };
  return {
    url: options.url,
    appName: options.appName,
    environment: options.environment,
    customHeaders: { Authorization: options.apiToken },
    refreshInterval: options.refreshIntervalMs,
    metricsInterval,
    disableMetrics: metricsInterval === 0,
    timeout: options.timeoutMs ?? 5_000,
    httpOptions: { agent },
    bootstrap: { bootstrapProvider: createBootstrapProvider(bootstrap, onBootstrap) },
    // In memory: a backup file in the shared tmp dir could outlive its Unleash and override the env values.
    storageProvider: new InMemStorageProvider(),
    disableAutoStart: true,
    skipInstanceCountWarning: true,
  };
}
