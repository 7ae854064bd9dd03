import type { RequestHandler, Response } from 'express';
import { OtpError } from '@agent-mitra/errors';
import { presentedKey } from '@agent-mitra/http-kit';
import { keyMatcher } from '@agent-mitra/privacy';
import type { Caller } from '@agent-mitra/otp-engine';

const PUBLIC: Caller = { kind: 'public', id: null };

/** Who is calling, as the auth guard in front of the route decided (`public` when there was none). */
export function callerOf(res: Response): Caller {
  return (res.locals['caller'] as Caller | undefined) ?? PUBLIC;
}

/**
 * API-key guard of the backend routes (`X-API-Key: …` or `Authorization: Bearer …`, any of the keys, so
 * they can be rotated). The caller becomes `{kind: 'backend', id: <credentialId of the key>}`. With no
 * keys configured (development only: production requires them) it is open, with `id: null`.
 */
export function apiKeyAuth(keys: readonly string[]): RequestHandler {
  const match = keyMatcher(keys);
  return (req, res, next) => {
    if (keys.length === 0) {
      res.locals['caller'] = { kind: 'backend', id: null } satisfies Caller;
      return next();
    }
    const id = match(presentedKey(req));
    if (id === null) return next(new OtpError('UNAUTHENTICATED'));
    res.locals['caller'] = { kind: 'backend', id } satisfies Caller;
    next();
  };
}
