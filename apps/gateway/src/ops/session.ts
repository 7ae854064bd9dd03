import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '@agent-mitra/privacy';

/**
 * How long a dashboard session lasts (the cookie's Max-Age too). Sessions are stateless (nothing is
 * stored), so signing out clears the cookie but cannot revoke a copy an attacker took: it stays good
 * until this expiry (or until its key leaves ADMIN_API_KEYS). 2 hours bounds that exposure at the cost
 * of signing in again during a long incident.
 */
export const SESSION_TTL_MS = 2 * 3_600_000;
export const SESSION_COOKIE = 'ops_session';
export const CSRF_COOKIE = 'ops_csrf';

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * The `/ops` session cookie: `<payload>.<HMAC-SHA256>`, the payload naming the admin key's non-secret id
 * (`credentialId`) and the expiry. Keyed with a key derived from OTP_HASH_SECRET for this purpose only
 * (HKDF, libs/privacy), so the cookie cannot be forged, and it holds no key. A session ends at its
 * expiry, or as soon as its key is taken out of ADMIN_API_KEYS (rotation signs everyone out).
 */
export class OpsSessions {
  private readonly key: Buffer;

  constructor(hashSecret: string) {
    this.key = deriveKey(hashSecret, 'ops-session');
  }

  /** A session value for the admin key `keyId`, valid until `now + SESSION_TTL_MS`. */
  issue(keyId: string, now: number): string {
    const payload = b64(Buffer.from(JSON.stringify({ k: keyId, e: now + SESSION_TTL_MS })));
    return `${payload}.${this.sign(payload)}`;
  }

  /** The key id of a valid, unexpired session whose key is still one of `validIds`; null otherwise. */
  verify(value: string | undefined, now: number, validIds: readonly string[]): string | null {
    const [payload, signature, extra] = (value ?? '').split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const { k, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        k?: unknown;
        e?: unknown;
      };
      if (typeof k !== 'string' || typeof e !== 'number' || e <= now || !validIds.includes(k)) return null;
      return k;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return b64(createHmac('sha256', this.key).update(payload).digest());
  }
}

/** A fresh anti-CSRF token for the sign-in form (double submit: cookie and hidden field must match). */
export function csrfToken(): string {
  return b64(randomBytes(32));
}

/** Constant-time equality of two tokens; false when either is missing. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
