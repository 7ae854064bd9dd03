import { hkdfSync } from 'node:crypto';

/**
 * A 32-byte key for one purpose, derived from OTP_HASH_SECRET with HKDF-SHA256 (RFC 5869): the same
 * secret never keys two purposes, so a hash made for one cannot be matched against another.
 * `salt` binds the key to a context (e.g. a raw Idempotency-Key); empty when there is none.
 */
export function deriveKey(secret: string, purpose: string, salt = ''): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, `agent-mitra-otp/${purpose}/v1`, 32));
}
