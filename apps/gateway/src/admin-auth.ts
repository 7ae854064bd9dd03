import type { Request, RequestHandler } from 'express';
import { OtpError } from '@agent-mitra/errors';
import { presentedKey } from '@agent-mitra/http-kit';
import { clientAddress } from '@agent-mitra/otp-engine';
import { keyMatcher } from '@agent-mitra/privacy';
import type { Runtime } from '@agent-mitra/runtime';

const KNOWN_PATH = /^\/[a-z][a-z0-9_/-]{0,40}$/;

/**
 * The guard of `/api/v1/admin/*` (DESIGN §4, §9): an admin key (`ADMIN_API_KEYS`, as `X-API-Key` or
 * `Authorization: Bearer`). Every access, let in or turned away, leaves an audit row (`admin`, outcome
 * `allowed` / `denied`, the route, the key's non-secret id, the client's hashed address). With no admin
 * keys configured the routes are open in development (like the backend routes) and closed in production.
 */
export function adminAuth(runtime: Runtime): RequestHandler {
  const keys = runtime.config.auth.adminApiKeys;
  const match = keyMatcher(keys);
  const open = keys.length === 0 && !runtime.config.isProduction;
  return async (req, res, next) => {
    const id = open ? null : match(presentedKey(req));
    const allowed = open || id !== null;
    await recordAccess(runtime, req, allowed, id);
    if (!allowed) return next(new OtpError('UNAUTHENTICATED', 'admin routes need an admin key'));
    res.locals['adminId'] = id;
    next();
  };
}

/** One audit row per admin access; a failure to write it is logged and never blocks the answer. */
async function recordAccess(runtime: Runtime, req: Request, allowed: boolean, id: string | null) {
  // The route as a fixed word list: anything else typed after /admin is not copied into the trail.
  const path = KNOWN_PATH.test(req.path) ? req.path : '/…';
  try {
    await runtime.store.appendAudit({
      at: Date.now(),
      action: 'admin',
      requestId: null,
      channel: null,
      provider: null,
      outcome: allowed ? 'allowed' : 'denied',
      detail: `${req.method} ${req.baseUrl}${path}`,
      callerKind: 'admin',
      callerId: id,
      clientIpHash: req.ip ? runtime.hashes.clientIpHash(clientAddress(req.ip)) : null,
      phoneHash: null,
      phoneMasked: null,
      country: null,
    });
  } catch (error) {
    runtime.logger.error({ err: error, action: 'admin' }, 'audit: could not record');
  }
}
