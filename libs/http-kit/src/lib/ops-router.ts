import { Router } from 'express';
import type { Registry } from 'prom-client';

export interface OpsOptions {
  readonly registry: Registry;
  /** `ready: false` answers 503 so load balancers stop sending traffic. */
  readonly readiness: () => Promise<{ readonly ready: boolean; readonly checks: object }>;
}

/** `/healthz` (the process is up), `/readyz` (it can serve), `/metrics` (Prometheus text). */
export function opsRouter(options: OpsOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await options.readiness();
    res
      .status(report.ready ? 200 : 503)
      .json({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return router;
}
