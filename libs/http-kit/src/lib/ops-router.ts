import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import { OtpError } from '@agent-mitra/errors';
import { keyMatcher } from '@agent-mitra/privacy';
import { presentedKey } from './api-keys';

export interface OpsOptions {
  readonly registry: Registry;
  /** `ready: false` answers 503 so load balancers stop sending traffic. */
  readonly readiness: () => Promise<{ readonly ready: boolean; readonly checks: object }>;
  /**
   * Production: `/metrics` and the detail of `/readyz` (store kind, Unleash URL, last error) need one of
   * `adminApiKeys`; without it `/readyz` says only ready / not ready. Development: all open.
   */
  readonly protectDetail: boolean;
  readonly adminApiKeys: readonly string[];
}

/** `/healthz` (the process is up, always open), `/readyz` (it can serve), `/metrics` (Prometheus text). */
export function opsRouter(options: OpsOptions): Router {
  const router = Router();
  const admin = keyMatcher(options.adminApiKeys);
  const isAdmin = (req: Parameters<RequestHandler>[0]) =>
    !options.protectDetail || admin(presentedKey(req)) !== null;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const report = await options.readiness();
    const status = report.ready ? 'ready' : 'not_ready';
    res.status(report.ready ? 200 : 503).json(isAdmin(req) ? { status, checks: report.checks } : { status });
  });
  router.get('/metrics', async (req, res, next) => {
    if (!isAdmin(req)) return next(new OtpError('UNAUTHENTICATED', 'metrics need an admin key'));
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return router;
}
