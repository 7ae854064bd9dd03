import type { ChannelSet } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import type { Logger, Metrics } from '@agent-mitra/observability';

/** The real channels this process can use, from the provider credentials in the config. */
export function createChannels(_config: Config, _logger: Logger, _metrics: Metrics): ChannelSet {
  return { sms: null, whatsapp: null };
}
