export { createRuntime, type ReadinessReport, type Runtime, type RuntimeOptions } from './lib/create-runtime';
export { createChannels, type ChannelOptions } from './lib/create-channels';
export { createSmsTemplates } from './lib/sms-templates';
export {
  breakerSettingsOf,
  StoreCircuitBreakers,
  type ProviderBreakerView,
} from './lib/store-circuit-breakers';
export { createFlags } from './lib/create-flags';
export {
  listenHttp,
  runApp,
  startApp,
  type AppDefinition,
  type Listener,
  type StartedApp,
} from './lib/start-app';
