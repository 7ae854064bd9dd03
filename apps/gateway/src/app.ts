import express, { type Express } from 'express';
import { createBaseApp } from '@agent-mitra/http-kit';
import type { Runtime } from '@agent-mitra/runtime';
import { errorHandler, notFound } from './error-handler';
import { buildOpenApi } from './openapi';
import { externalRoutes } from './routes/external';
import { mobileRoutes } from './routes/mobile';

const BODY_LIMIT = '16kb';

/** The REST gateway (DESIGN §4). Built without listening, so tests can serve it on port 0. */
export function buildGatewayApp(runtime: Runtime): Express {
  const app = createBaseApp({
    trustProxy: runtime.config.trustProxy,
    registry: runtime.metrics.registry,
    httpRequests: runtime.metrics.httpRequests,
    readiness: () => runtime.readiness(),
  });
  const openApi = JSON.stringify(buildOpenApi());
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use('/api/v1/external', externalRoutes(runtime.engine, runtime.config));
  app.use('/api/v1/otp', mobileRoutes(runtime.engine));
  app.use(notFound);
  app.use(errorHandler(runtime.logger));
  return app;
}
