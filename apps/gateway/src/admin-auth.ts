import type { Request, RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { OtpError } from '@agent-mitra/errors';
import { presentedKey } from '@agent-mitra/http-kit';
import { credentialId, keyMatcher } from '@agent-mitra/privacy';
import type { AdminKeyThrottle } from '@agent-mitra/runtime';
import { SESSION_COOKIE, type OpsSessions } from './ops/session';

export interface AdminAuthOptions {
  /** ADMIN_API_KEYS. */
  readonly keys: readonly string[];
  /** Production: with no admin key configured the admin routes are off (FORBIDDEN). */
  readonly production: boolean;
  readonly sessions: OpsSessions;
  readonly clock: () => number;
  /** Told of every access to the guarded routes, let in or turned away (the audit trail, DESIGN §9). */
  readonly onAccess?: (req: Request, allowed: boolean, admin: AdminCaller | null) => Promise<void>;
  /** Limits wrong admin keys per client address; unset = no limit (unit tests). */
  readonly throttle?: AdminKeyThrottle;
}

/**
 * True unless the browser says the request came from another site (`Sec-Fetch-Site: same-site` or
 * `cross-site`). A request without the header (not a browser, or an old one) is let through:
 * SameSite=Strict already keeps the cookie off cross-site requests there.
 */
export function fromSameOrigin(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Who passed the admin guard: the `credentialId` of the key (or of the session's key); null when open. */
export interface AdminCaller {
  readonly id: string | null;
  readonly via: 'key' | 'session' | 'open';
}

/** The request's cookies (`cookie` package). */
export function cookiesOf(req: Request): Record<string, string | undefined> {
  return parseCookies(req.get('cookie') ?? '');
}

/**
 * Recognises an admin: `X-API-Key: …` / `Authorization: Bearer …` with one of ADMIN_API_KEYS, or a
 * valid `/ops` session cookie. With no admin key configured: open in development and test (like the
 * other development defaults), off in production. Answers null when the request is not an admin's.
 */
export function adminRecogniser(options: AdminAuthOptions): (req: Request) => AdminCaller | null {
  const match = keyMatcher(options.keys);
  const ids = options.keys.map(credentialId);
  return (req) => {
    if (options.keys.length === 0) return options.production ? null : { id: null, via: 'open' };
    const byKey = match(presentedKey(req));
    if (byKey !== null) return { id: byKey, via: 'key' };
    const bySession = options.sessions.verify(cookiesOf(req)[SESSION_COOKIE], options.clock(), ids);
    return bySession === null ? null : { id: bySession, via: 'session' };
  };
}

/**
 * The guard of `/api/v1/admin/*` (DESIGN §4): UNAUTHENTICATED (401) without a valid admin key or
 * session, FORBIDDEN (403) in production when ADMIN_API_KEYS is empty or when a session cookie comes
 * with `Sec-Fetch-Site` other than `same-origin`/`none` (keys in headers are unaffected), RATE_LIMITED
 * (429) once a client address has presented too many wrong keys (`throttle`). The admin is
 * `res.locals.admin`. Every access, let in or turned away, is reported to `onAccess` first (the audit trail).
 */
export function adminAuth(options: AdminAuthOptions): RequestHandler {
  const recognise = adminRecogniser(options);
  return async (req, res, next) => {
    const off = options.keys.length === 0 && options.production;
    const keyGiven = presentedKey(req) !== undefined;
    if (!off && keyGiven && options.throttle) {
      try {
        await options.throttle.check(req);
      } catch (error) {
        await options.onAccess?.(req, false, null);
        return next(error);
      }
    }
    const admin = off ? null : recognise(req);
    // The cookie is the browser's credential: a session used from another site is cross-site request forgery.
    const forged = admin?.via === 'session' && !fromSameOrigin(req);
    await options.onAccess?.(req, admin !== null && !forged, admin);
    if (off) {
      return next(new OtpError('FORBIDDEN', 'the admin routes are off: no ADMIN_API_KEYS is configured'));
    }
    if (!admin) {
      if (keyGiven) await options.throttle?.failed(req);
      return next(new OtpError('UNAUTHENTICATED', 'an admin key or an /ops session is needed'));
    }
    if (forged) {
      return next(new OtpError('FORBIDDEN', 'an /ops session is accepted only from the dashboard itself'));
    }
    res.locals['admin'] = admin;
    next();
  };
}
