import { createBaseApp } from '@agent-mitra/http-kit';
import type { Runtime } from '@agent-mitra/runtime';
import type { Express } from 'express';
import { errorHandler, notFound } from './http-errors';
import { metaRouter } from './meta';
import { msg91Router } from './msg91';
import { twilioRouter } from './twilio';

/** The receipt edge: verify, parse, record. main.ts listens; tests build this on port 0. */
export function buildWebhooksApp(runtime: Runtime): Express {
  // The base app keeps `hub.mode` one flat key (the extended query parser would nest it under `hub`).
  const app = createBaseApp(runtime);
  app.use(metaRouter(runtime));
  app.use(twilioRouter(runtime));
  app.use(msg91Router(runtime));
  app.use(notFound);
  app.use(errorHandler(runtime.logger));
  return app;
}
