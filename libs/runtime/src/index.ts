export { createRuntime, type ReadinessReport, type Runtime, type RuntimeOptions } from './lib/create-runtime';
export { createChannels, type ChannelOptions } from './lib/create-channels';
export { createSmsTemplates } from './lib/sms-templates';
export {
  breakerSettingsOf,
  StoreCircuitBreakers,
  type ProviderBreakerView,
} from './lib/store-circuit-breakers';
export { createFlags } from './lib/create-flags';
export { mockModeOf, type MockModeView } from './lib/mock-mode';
export { findProjectRoot } from './lib/project-root';
export {
  DEFAULT_HTTP_LIMITS,
  listenHttp,
  type HttpLimits,
  runApp,
  startApp,
  type AppDefinition,
  type AppPaths,
  type Listener,
  type StartedApp,
} from './lib/start-app';
export { DutyRunner, type Duty } from './lib/duties/duty-runner';
export {
  createPruneDuty,
  retentionRules,
  type PruneDutyOptions,
  type RetentionRule,
} from './lib/duties/prune-duty';
export { createFallbackDuty, type FallbackDutyOptions } from './lib/duties/fallback-duty';
export { otpServiceDuties } from './lib/duties/otp-service-duties';
export {
  ADMIN_KEY_FAILURES_LIMIT,
  ADMIN_KEY_FAILURES_WINDOW_MS,
  adminKeyThrottle,
  type AdminKeyThrottle,
} from './lib/admin-key-throttle';
