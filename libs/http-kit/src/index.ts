export { createBaseApp, type BaseAppOptions } from './lib/base-app';
export { opsRouter, type KeyThrottle, type OpsOptions } from './lib/ops-router';
export { httpMetrics } from './lib/http-metrics';
export { presentedKey } from './lib/api-keys';
export { forwardedForWarning } from './lib/forwarded-for-warning';
export { sendError } from './lib/error-envelope';
