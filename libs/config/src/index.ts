export { loadConfig, ConfigError } from './lib/load-config';
export { readDotEnvFile } from './lib/dot-env';
export type { Config, NodeEnv } from './lib/config';
export { DEV_DEFAULT_SECRETS } from './lib/schema';
