export { createLogger, redactSensitive, type Logger, type LoggerOptions } from './lib/logger';
export {
  BREAKER_STATE_VALUES,
  createMetrics,
  type BreakerStateSource,
  type Metrics,
  type MockModeSource,
} from './lib/metrics';
export { maskPhone } from './lib/mask';
