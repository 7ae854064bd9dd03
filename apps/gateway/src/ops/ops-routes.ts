import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { OtpError } from '@agent-mitra/errors';
import type { Logger } from '@agent-mitra/observability';
import { keyMatcher } from '@agent-mitra/privacy';
import { adminRecogniser, cookiesOf, type AdminAuthOptions } from '../admin-auth';
import { dashboardPage, loginPage, messagePage } from './pages';
import { CSRF_COOKIE, SESSION_COOKIE, SESSION_TTL_MS, csrfToken, sameToken } from './session';

/** Scripts, styles and data only from this origin; nothing inline, no frames, forms post here only. */
export const OPS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export interface OpsRoutesOptions extends AdminAuthOptions {
  /** Where the bundled ops.js and ops.css are (dist/gateway/ops, written by tools/scripts/build.mjs). */
  readonly assetsDir: string | null;
  readonly logger: Logger;
}

export interface OpsRoutesOptions extends AdminAuthOptions {
  /** Where the bundled ops.js and ops.css are (dist/gateway/ops, written by tools/scripts/build.mjs). */
  readonly assetsDir: string | null;
  readonly logger: Logger;
}

/**
 * The cookies' attributes. Secure always in production — behind a TLS-terminating proxy the request
 * reaches us in clear (`req.secure` false unless TRUST_PROXY is set), yet the browser speaks HTTPS —
 * and over TLS elsewhere; plain HTTP only for local development.
 */
const cookieOf = (production: boolean) => (req: Request) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: production || req.secure,
  path: '/',
});

/** A form post from another site: its Origin (or Sec-Fetch-Site) says so. */
function crossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.get('origin');
  return origin !== undefined && origin !== 'null' && origin !== `${req.protocol}://${req.get('host')}`;
}

/**
 * `/ops`: the dashboard (admin key or session), its sign-in form (the key for an HttpOnly, SameSite=Strict
 * session cookie, Secure in production; anti-CSRF double submit and an Origin check; every attempt in
 * the audit trail; wrong keys throttled per address), sign-out, and its bundled assets. Every page has a strict Content-Security-Policy and is never cached.
 */
export function opsRoutes(options: OpsRoutesOptions): Router {
  const router = Router();
  const cookie = cookieOf(options.production);
  const recognise = adminRecogniser(options);
  const match = keyMatcher(options.keys);
  const off = options.keys.length === 0 && options.production;
  router.use('/ops', (_req, res, next) => {
    res.set({
      'Content-Security-Policy': OPS_CSP,
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  if (options.assetsDir) {
    router.use(
      '/ops/assets',
      express.static(options.assetsDir, { index: false, dotfiles: 'deny', maxAge: 0 }),
    );
  }
  const html = (res: Response, status: number, page: string) => {
    res.status(status).set('Cache-Control', 'no-store').type('html').send(page);
  };
  const showLogin = (req: Request, res: Response, status: number, error: string | null) => {
    const token = csrfToken();
    res.cookie(CSRF_COOKIE, token, { ...cookie(req), path: '/ops' });
    html(res, status, loginPage(token, error));
  };

  router.get('/ops', (req, res) => {
    if (off) return html(res, 403, messagePage('Operations view off', 'Set ADMIN_API_KEYS to turn it on.'));
    const admin = recognise(req);
    if (!admin) return res.redirect(303, '/ops/login');
    if (!options.assetsDir || !existsSync(join(options.assetsDir, 'ops.js'))) {
      return html(res, 503, messagePage('Dashboard not built', 'Run npm run build (npm start does it).'));
    }
    html(res, 200, dashboardPage(admin.via === 'session'));
  });
  router.get('/ops/login', (req, res) => {
    if (off) return html(res, 403, messagePage('Operations view off', 'Set ADMIN_API_KEYS to turn it on.'));
    if (recognise(req)) return res.redirect(303, '/ops');
    showLogin(req, res, 200, null);
  });
  router.post('/ops/login', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    if (off) return html(res, 403, messagePage('Operations view off', 'Set ADMIN_API_KEYS to turn it on.'));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const csrf = typeof body['csrf'] === 'string' ? body['csrf'] : undefined;
    if (crossSite(req) || !sameToken(csrf, cookiesOf(req)[CSRF_COOKIE])) {
      options.logger.warn({ reason: 'csrf' }, 'ops sign-in refused');
      return showLogin(req, res, 403, 'The form expired or came from another site. Please sign in again.');
    }
    try {
      await options.throttle?.check(req);
    } catch (error) {
      if (!(error instanceof OtpError) || error.code !== 'RATE_LIMITED') throw error;
      options.logger.warn({ reason: 'throttled' }, 'ops sign-in refused');
      await options.onAccess?.(req, false, null);
      res.set('Retry-After', String(error.retryAfterSeconds ?? 60));
      return showLogin(req, res, 429, 'Too many wrong keys from your address. Please wait and try again.');
    }
    const keyId = match(typeof body['key'] === 'string' ? body['key'] : undefined);
    if (keyId === null) {
      options.logger.warn({ reason: 'wrong_key' }, 'ops sign-in refused');
      await options.throttle?.failed(req);
      await options.onAccess?.(req, false, null);
      return showLogin(req, res, 401, 'That is not an admin key.');
    }
    await options.onAccess?.(req, true, { id: keyId, via: 'key' });
    res.clearCookie(CSRF_COOKIE, { ...cookie(req), path: '/ops' });
    res.cookie(SESSION_COOKIE, options.sessions.issue(keyId, options.clock()), {
      ...cookie(req),
      maxAge: SESSION_TTL_MS,
    });
    options.logger.info({ admin: keyId }, 'ops signed in');
    res.redirect(303, '/ops');
  });
  router.post('/ops/logout', (req, res) => {
    if (!crossSite(req)) res.clearCookie(SESSION_COOKIE, cookie(req));
    res.redirect(303, '/ops/login');
  });
  return router;
}
