import { Router, type RequestHandler } from 'express';
import type { OpsStats } from '@agent-mitra/ops-stats';
import { parsePhone } from '@agent-mitra/otp-engine';
import type { Runtime } from '@agent-mitra/runtime';
import type { AuditRecord } from '@agent-mitra/store';
import type { AdminCaller } from '../admin-auth';
import { auditQuery } from '../admin-schemas';
import { sendOk } from '../envelope';
import { parseInput } from '../validate';

const DEFAULT_PAGE = 50;

function presentAudit(row: AuditRecord) {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action,
    request_id: row.requestId,
    channel: row.channel,
    provider: row.provider,
    outcome: row.outcome,
    detail: row.detail,
    caller: { kind: row.callerKind, id: row.callerId },
    client_ip_hash: row.clientIpHash,
    phone_masked: row.phoneMasked,
    phone_hash: row.phoneHash,
    country: row.country,
  };
}

/**
 * `/api/v1/admin/*` behind the admin guard (`adminAuth`: an admin key or an `/ops` session):
 * - `GET /stats?from&to&bucket` — the operations view's figures (libs/ops-stats; README "Operations");
 * - `GET /audit` — the audit trail, newest first: filters `from`, `to` (ISO 8601 or Unix ms), `phone`
 *   (E.164, looked up by its keyed hash), `request_id`, `outcome`, `action`; `limit` (1–500, default 50)
 *   and `cursor` (the `next_cursor` of the previous page).
 */
export function adminRoutes(runtime: Runtime, stats: OpsStats, guard: RequestHandler): Router {
  const router = Router();
  router.use(guard);
  router.get('/stats', async (req, res) => {
    const report = await stats.report(req.query as Record<string, unknown>);
    const admin = res.locals['admin'] as AdminCaller | undefined;
    runtime.logger.debug({ admin: admin?.id ?? null, via: admin?.via }, 'admin stats read');
    sendOk(res, report, 'stats for the period');
  });
  router.get('/audit', async (req, res) => {
    const query = parseInput(auditQuery, req.query);
    const page = await runtime.store.listAudit({
      from: query.from,
      to: query.to,
      phoneHash:
        query.phone === undefined ? undefined : runtime.hashes.phoneHash(parsePhone(query.phone).e164),
      requestId: query.request_id,
      outcome: query.outcome,
      action: query.action,
      before: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE,
    });
    sendOk(
      res,
      {
        entries: page.entries.map(presentAudit),
        next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
      },
      'Audit trail',
    );
  });
  return router;
}
