import express, { type Express } from 'express';
import { createBaseApp } from '@agent-mitra/http-kit';
import { OpsStats } from '@agent-mitra/ops-stats';
import { unparseableAddressWarning } from '@agent-mitra/otp-engine';
import type { Runtime } from '@agent-mitra/runtime';
import { adminAuth } from './admin-auth';
import { errorHandler, notFound } from './error-handler';
import { buildOpenApi } from './openapi';
import { auditAdminAccess } from './admin-audit';
import { OpsSessions } from './ops/session';
import { opsRoutes } from './ops/ops-routes';
import { adminRoutes } from './routes/admin';
import { jwksRoute } from './routes/jwks';
import { externalRoutes } from './routes/external';
import { mobileRoutes } from './routes/mobile';

const BODY_LIMIT = '16kb';

export interface GatewayAppOptions {
  /**
   * The bundled `/ops` assets: `ops/` beside the running main (dist/gateway/ops, written by
   * tools/scripts/build.mjs). Unset: the dashboard answers that it is not built (the API still works).
   */
  readonly opsAssetsDir?: string;
  /** Unix ms, for sessions (tests move it). */
  readonly clock?: () => number;
}

/** The REST gateway (DESIGN §4). Built without listening, so tests can serve it on port 0. */
export function buildGatewayApp(runtime: Runtime, options: GatewayAppOptions = {}): Express {
  const app = createBaseApp(runtime);
  const checkAddress = unparseableAddressWarning(runtime.logger);
  app.use((req, _res, next) => {
    checkAddress(req.ip);
    next();
  });
  const clock = options.clock ?? Date.now;
  const admin = {
    keys: runtime.config.auth.adminApiKeys,
    production: runtime.config.isProduction,
    sessions: new OpsSessions(runtime.config.otp.hashSecret),
    clock,
    onAccess: auditAdminAccess(runtime),
    throttle: runtime.adminKeyThrottle,
  };
  const stats = new OpsStats({
    store: runtime.store,
    prices: runtime.config.prices,
    mockMode: () => runtime.mockMode(),
    clock,
  });
  app.use(
    opsRoutes({
      ...admin,
      assetsDir: options.opsAssetsDir ?? null,
      logger: runtime.logger,
    }),
  );
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
  app.use('/api/v1/admin', adminRoutes(runtime, stats, adminAuth(admin)));
  app.use(notFound);
  app.use(errorHandler(runtime.logger));
  return app;
}
