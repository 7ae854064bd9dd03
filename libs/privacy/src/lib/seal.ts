import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from './derive-key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plaintext` with AES-256-GCM under a key derived from `secret`, `purpose` and `context`
 * (HKDF, see deriveKey): only someone holding both the secret and the context can open it. Used for
 * stored idempotent answers, whose context is the raw Idempotency-Key (stored itself only as a hash).
 * Returns `v1.<base64url(iv | tag | ciphertext)>`.
 */
export function seal(secret: string, purpose: string, context: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, purpose, context), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens what seal() produced with the same secret, purpose and context; throws when anything differs. */
export function unseal(secret: string, purpose: string, context: string, sealed: string): string {
  const [version, payload] = sealed.split('.', 2);
  if (version !== VERSION || payload === undefined) throw new Error('not a sealed value');
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed value');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    deriveKey(secret, purpose, context),
    bytes.subarray(0, IV_BYTES),
  );
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}
