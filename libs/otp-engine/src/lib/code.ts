import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { OtpError } from '@agent-mitra/errors';

const CODE_FORMAT = /^\d{4,10}$/;

/** A uniformly random code of `length` digits (leading zeros allowed), from the CSPRNG. */
export function generateCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += String(randomInt(0, 10));
  return code;
}

/** Caller-supplied codes (`otp`) and codes to verify: 4 to 10 digits, else INVALID_OTP_FORMAT. */
export function assertCodeFormat(code: string): void {
  if (!CODE_FORMAT.test(code)) throw new OtpError('INVALID_OTP_FORMAT');
}

/** The keyed hash kept at rest: HMAC-SHA256(secret, requestId:code), so equal codes never hash alike. */
export function hashCode(secret: string, requestId: string, code: string): string {
  return createHmac('sha256', secret).update(`otp:${requestId}:${code}`).digest('hex');
}

/** Compares a candidate against the stored hash in constant time. */
export function codeMatches(
  secret: string,
  requestId: string,
  candidate: string,
  storedHash: string,
): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashCode(secret, requestId, candidate), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
