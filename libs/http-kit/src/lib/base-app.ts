import express, { type Express } from 'express';
import type { Histogram, Registry } from 'prom-client';
import type { Logger } from '@agent-mitra/observability';
import { forwardedForWarning } from './forwarded-for-warning';
import { httpMetrics } from './http-metrics';
import { opsRouter, type KeyThrottle, type OpsOptions } from './ops-router';

/** What the base app reads from an app's runtime (a `Runtime` fits as it is). */
export interface BaseAppOptions {
  readonly config: {
    /** Express `trust proxy` (TRUST_PROXY): false, a hop count, or addresses/CIDRs. */
    readonly trustProxy: boolean | number | readonly string[];
    /** Production: ops detail needs an admin key. */
    readonly isProduction: boolean;
    readonly auth: { readonly adminApiKeys: readonly string[] };
  };
  readonly logger: Logger;
  readonly metrics: {
    readonly registry: Registry;
    readonly httpRequests: Histogram<'route' | 'method' | 'status'>;
  };
  readonly readiness: OpsOptions['readiness'];
  /** Wrong admin keys on `/metrics` and `/readyz` counted per client address (a `Runtime` has one). */
  readonly adminKeyThrottle?: KeyThrottle;
}

/**
 * What every HTTP app starts from: no `x-powered-by`, `nosniff`, the proxy setting (and a warning when a
 * proxy is seen but not trusted), flat query keys (`hub.mode` stays one key), request timing, and
 * `/healthz`, `/readyz`, `/metrics` (detail behind the admin key in production).
 */
export function createBaseApp(options: BaseAppOptions): Express {
  const { config, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  const trust = config.trustProxy;
  app.set('trust proxy', Array.isArray(trust) ? [...trust] : trust);
  app.set('query parser', 'simple');
  app.use(httpMetrics(metrics.httpRequests));
  app.use(forwardedForWarning(trust, options.logger));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(
    opsRouter({
      registry: metrics.registry,
      readiness: () => options.readiness(),
      protectDetail: config.isProduction,
      adminApiKeys: config.auth.adminApiKeys,
      ...(options.adminKeyThrottle ? { keyThrottle: options.adminKeyThrottle } : {}),
    }),
  );
  return app;
}
