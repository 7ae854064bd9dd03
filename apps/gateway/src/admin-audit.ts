import type { Request } from 'express';
import { clientAddress } from '@agent-mitra/otp-engine';
import type { Runtime } from '@agent-mitra/runtime';
import type { AdminCaller } from './admin-auth';

const KNOWN_PATH = /^\/[a-z][a-z0-9_/-]{0,40}$/;

/**
 * One audit row per admin access (DESIGN §9): action `admin`, outcome `allowed` / `denied`, the route,
 * the key's non-secret id and the client's hashed address. A failure to write it is logged and never
 * blocks the answer.
 */
export function auditAdminAccess(
  runtime: Runtime,
): (req: Request, allowed: boolean, admin: AdminCaller | null) => Promise<void> {
  return async (req, allowed, admin) => {
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
        callerId: admin?.id ?? null,
        clientIpHash: req.ip ? runtime.hashes.clientIpHash(clientAddress(req.ip)) : null,
        phoneHash: null,
        phoneMasked: null,
        country: null,
      });
    } catch (error) {
      runtime.logger.error({ err: error, action: 'admin' }, 'audit: could not record');
    }
  };
}
