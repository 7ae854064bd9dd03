import type { Config } from '@agent-mitra/config';
import type { Logger, Metrics } from '@agent-mitra/observability';
import { EnvFlags, UnleashFlags, type Flags, type FlagSource } from '@agent-mitra/pioneer';

const SOURCES: readonly FlagSource[] = ['unleash', 'bootstrap', 'env'];

/**
 * One Flags per process: Unleash when UNLEASH_URL is set (the PIONEER_FLAG_* values being its fallback),
 * else the environment alone. The `pioneer_flag_source` gauge shows 1 for the active source, 0 for the others.
 */
export function createFlags(config: Config, logger: Logger, metrics: Metrics): Flags {
  const showSource = (active: FlagSource) => {
    for (const source of SOURCES) metrics.flagSource.set({ source }, source === active ? 1 : 0);
  };
  const { unleash } = config;
  if (!unleash.url) {
    showSource('env');
    return new EnvFlags(config.flags);
  }
  const flags = new UnleashFlags({
    url: unleash.url,
    apiToken: unleash.apiToken ?? '',
    appName: unleash.appName,
    environment: unleash.environment,
    refreshIntervalMs: unleash.refreshIntervalMs,
    bootstrapFile: unleash.bootstrapFile,
    fallback: config.flags,
    logger: logger.child({ component: 'flags' }),
    onStatusChange: (status) => showSource(status.source),
  });
  showSource(flags.status().source);
  return flags;
}
