import { Router, type RequestHandler } from 'express';
import type { Logger } from '@agent-mitra/observability';
import type { OpsStats } from '@agent-mitra/ops-stats';
import type { AdminCaller } from '../admin-auth';
import { sendOk } from '../envelope';

/**
 * `/api/v1/admin/*` behind the admin guard: `GET /stats?from&to&bucket` (libs/ops-stats; README
 * "Operations"). Issue 9's `GET /audit` joins this router behind the same guard.
 */
export function adminRoutes(stats: OpsStats, guard: RequestHandler, logger: Logger): Router {
  const router = Router();
  router.use(guard);
  router.get('/stats', async (req, res) => {
    const report = await stats.report(req.query as Record<string, unknown>);
    const admin = res.locals['admin'] as AdminCaller | undefined;
    logger.debug({ admin: admin?.id ?? null, via: admin?.via }, 'admin stats read');
    sendOk(res, report, 'stats for the period');
  });
  return router;
}
