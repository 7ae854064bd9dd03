export { loadConfig, modeOf, ConfigError, type LoadConfigOptions } from './lib/load-config';
export { readDotEnvFile } from './lib/dot-env';
export { loadAppConfig } from './lib/app-config';
export type { AppName } from './lib/app-needs';
export type { Config, GrpcTls, NodeEnv } from './lib/config';
export { DEV_DEFAULT_SECRETS } from './lib/schema';
export { DEFAULT_PRICE_TABLE, type PriceTable } from './lib/prices';
export { isLoopbackHost, MIN_SECRET_LENGTH } from './lib/production-rules';
export {
  DEFAULT_SMS_TEMPLATE_EN,
  SMS_ROUTE_PROVIDERS,
  type SmsRoute,
  type SmsRouteProvider,
} from './lib/sms-schema';
export { configWarnings, LIMIT_WARNING_FACTOR, type ConfigWarning } from './lib/production-warnings';
