import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from './derive-key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealOptions {
  /**
   * Authenticated but not encrypted (GCM's additional authenticated data): the sealed value opens only
   * with the same text, e.g. the id of the row it belongs to, so it cannot be moved to another row.
   */
  readonly associatedData?: string;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under a key derived from `secret`, `purpose` and `context`
 * (HKDF, see deriveKey): only someone holding both the secret and the context can open it. Used for
 * stored idempotent answers, whose context is the raw Idempotency-Key (stored itself only as a hash),
 * and for the phone of a request that may still fall back to SMS (see `sealFallbackPhone`).
 * Returns `v1.<base64url(iv | tag | ciphertext)>`.
 */
export function seal(
  secret: string,
  purpose: string,
  context: string,
  plaintext: string,
  options: SealOptions = {},
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, purpose, context), iv);
  if (options.associatedData !== undefined) cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** Opens what seal() produced with the same secret, purpose, context and options; throws when anything differs. */
export function unseal(
  secret: string,
  purpose: string,
  context: string,
  sealed: string,
  options: SealOptions = {},
): string {
  const [version, payload] = sealed.split('.', 2);
  if (version !== VERSION || payload === undefined) throw new Error('not a sealed value');
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed value');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    deriveKey(secret, purpose, context),
    bytes.subarray(0, IV_BYTES),
  );
  if (options.associatedData !== undefined) decipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

const FALLBACK_PHONE = 'fallback-phone';

/**
 * The one phone number the store keeps in a recoverable form (DESIGN §9's exception, issue 11): a
 * WhatsApp request that may still fall back to SMS after the send returned needs its number when the
 * `failed` receipt or the delivery timeout comes, in whichever otp-service instance claims it. It is
 * sealed with AES-256-GCM under a key derived from OTP_HASH_SECRET for this purpose only, with the
 * request id as associated data (a sealed number copied to another request does not open), and the store
 * erases it as soon as the request can no longer fall back.
 */
export function sealFallbackPhone(secret: string, requestId: string, e164: string): string {
  return seal(secret, FALLBACK_PHONE, '', e164, { associatedData: requestId });
}

/** Opens a number sealed by `sealFallbackPhone` for the same request; throws when it does not open. */
export function openFallbackPhone(secret: string, requestId: string, sealed: string): string {
  return unseal(secret, FALLBACK_PHONE, '', sealed, { associatedData: requestId });
}
