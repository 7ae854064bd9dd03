import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { OtpError } from '@agent-mitra/errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * API-key guard (`X-API-Key: …` or `Authorization: Bearer …`). Several keys may be valid at once so
 * they can be rotated. With no keys configured (development only: production requires them) it is open.
 */
export function apiKeyAuth(keys: readonly string[]): RequestHandler {
  const expected = keys.map(digest);
  return (req, _res, next) => {
    if (expected.length === 0) return next();
    const header = req.get('x-api-key') ?? /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const given = header ? digest(header.trim()) : null;
    // Compare against every key so the time taken does not tell which one (or whether any) matched.
    const ok = given !== null && expected.reduce((found, key) => timingSafeEqual(key, given) || found, false);
    next(ok ? undefined : new OtpError('UNAUTHENTICATED'));
  };
}
