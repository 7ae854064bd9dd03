import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { OtpError } from '@agent-mitra/errors';

/** Parses a number written in E.164 (spaces, dashes and dots allowed) and returns its E.164 form. */
export function normalizePhone(input: string): string {
  const text = input.trim();
  if (!text.startsWith('+') || text.length > 32) throw new OtpError('INVALID_PHONE');
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isValid()) throw new OtpError('INVALID_PHONE');
  return parsed.number;
}

/** The keyed hash under which a number is stored and limited (DESIGN §9). */
export function phoneHash(secret: string, e164: string): string {
  return createHmac('sha256', secret).update(`phone:${e164}`).digest('hex');
}

/** A keyed hash of any other identifier kept in counters (client IPs). */
export function keyedHash(secret: string, kind: string, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex').slice(0, 32);
}
