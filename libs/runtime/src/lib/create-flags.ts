import type { Config } from '@agent-mitra/config';
import type { Logger, Metrics } from '@agent-mitra/observability';
import { EnvFlags, type Flags } from '@agent-mitra/pioneer';

/** One Flags per process: the environment alone decides until Unleash is configured. */
export function createFlags(config: Config, _logger: Logger, metrics: Metrics): Flags {
  metrics.flagSource.set({ source: 'env' }, 1);
  return new EnvFlags(config.flags);
}
