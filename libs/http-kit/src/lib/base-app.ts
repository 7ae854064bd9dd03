import express, { type Express } from 'express';
import type { Histogram, Registry } from 'prom-client';
import { httpMetrics } from './http-metrics';
import { opsRouter, type OpsOptions } from './ops-router';

export interface BaseAppOptions {
  /** Express `trust proxy` (config.trustProxy). */
  readonly trustProxy: boolean | number | string;
  readonly registry: Registry;
  readonly httpRequests: Histogram<'route' | 'method' | 'status'>;
  readonly readiness: OpsOptions['readiness'];
}

/**
 * What every HTTP app starts from: no `x-powered-by`, `nosniff`, the proxy setting, flat query keys
 * (`hub.mode` stays one key), request timing, and `/healthz`, `/readyz`, `/metrics`.
 */
export function createBaseApp(options: BaseAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  app.use(httpMetrics(options.httpRequests));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(opsRouter({ registry: options.registry, readiness: options.readiness }));
  return app;
}
