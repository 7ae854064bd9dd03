import express, { type Express } from 'express';
import { createBaseApp } from '@agent-mitra/http-kit';
import type { Runtime } from '@agent-mitra/runtime';
import { errorHandler, notFound } from './error-handler';
import { buildOpenApi } from './openapi';
import { adminRoutes } from './routes/admin';
import { jwksRoute } from './routes/jwks';
import { externalRoutes } from './routes/external';
import { mobileRoutes } from './routes/mobile';

const BODY_LIMIT = '16kb';

/** The REST gateway (DESIGN §4). Built without listening, so tests can serve it on port 0. */
export function buildGatewayApp(runtime: Runtime): Express {
  const app = createBaseApp(runtime);
  const openApi = JSON.stringify(buildOpenApi());
  app.get('/api/v1/openapi.json', (_req, res) => {
    res.type('application/json').send(openApi);
  });
  app.get('/.well-known/jwks.json', jwksRoute(runtime.engine));
  // Answers here may carry a code (mock mode) or a token: no cache, shared or private, may keep them.
  app.use('/api/v1', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use('/api/v1/external', externalRoutes(runtime.engine, runtime.config));
  app.use('/api/v1/otp', mobileRoutes(runtime.engine));
  app.use('/api/v1/admin', adminRoutes(runtime));
  app.use(notFound);
  app.use(errorHandler(runtime.logger));
  return app;
}
