import { Router, type Request } from 'express';
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
  /** Limits wrong admin keys per client address (checked before a key is compared); unset = no limit. */
  readonly keyThrottle?: KeyThrottle;
}

/** Wrong-key accounting (libs/runtime `adminKeyThrottle` fits): `check` throws RATE_LIMITED when spent. */
export interface KeyThrottle {
  check(req: Request): Promise<void>;
  failed(req: Request): Promise<void>;
}

/** `/healthz` (the process is up, always open), `/readyz` (it can serve), `/metrics` (Prometheus text). */
export function opsRouter(options: OpsOptions): Router {
  const router = Router();
  const admin = keyMatcher(options.adminApiKeys);
  const isAdmin = async (req: Request): Promise<boolean> => {
    if (!options.protectDetail) return true;
    const key = presentedKey(req);
    if (key === undefined) return false;
    await options.keyThrottle?.check(req);
    if (admin(key) !== null) return true;
    await options.keyThrottle?.failed(req);
    return false;
  };
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const report = await options.readiness();
    const status = report.ready ? 'ready' : 'not_ready';
    // A throttled key gets what a caller without one gets: readiness must answer load balancers regardless.
    const detail = await isAdmin(req).catch(() => false);
    res.status(report.ready ? 200 : 503).json(detail ? { status, checks: report.checks } : { status });
  });
  router.get('/metrics', async (req, res, next) => {
    if (!(await isAdmin(req))) return next(new OtpError('UNAUTHENTICATED', 'metrics need an admin key'));
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return router;
}
