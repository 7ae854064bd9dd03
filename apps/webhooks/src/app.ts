import { httpMetrics, opsRouter } from '@agent-mitra/http-kit';
import type { Runtime } from '@agent-mitra/runtime';
import express, { type Express } from 'express';
import { errorHandler, notFound } from './http-errors';
import { metaRouter } from './meta';
import { twilioRouter } from './twilio';

/** The receipt edge: verify, parse, record. main.ts listens; tests build this on port 0. */
export function buildWebhooksApp(runtime: Runtime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', runtime.config.trustProxy);
  // `hub.mode` stays one flat key (the extended parser would nest it under `hub`).
  app.set('query parser', 'simple');
  app.use(httpMetrics(runtime.metrics.httpRequests));
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(opsRouter({ registry: runtime.metrics.registry, readiness: () => runtime.readiness() }));
  app.use(metaRouter(runtime));
  app.use(twilioRouter(runtime));
  app.use(notFound);
  app.use(errorHandler(runtime.logger));
  return app;
}
