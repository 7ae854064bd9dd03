export { loadConfig, ConfigError } from './lib/load-config';
export { readDotEnvFile } from './lib/dot-env';
export type { Config, NodeEnv } from './lib/config';
export { DEV_DEFAULT_SECRETS } from './lib/schema';
export {
  DEFAULT_SMS_TEMPLATE_EN,
  SMS_ROUTE_PROVIDERS,
  type SmsRoute,
  type SmsRouteProvider,
} from './lib/sms-schema';
