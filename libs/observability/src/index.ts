export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions } from './lib/logger';
export { createMetrics, type Metrics } from './lib/metrics';
export { maskPhone } from './lib/mask';
