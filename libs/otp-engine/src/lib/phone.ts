import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { OtpError } from '@agent-mitra/errors';

/**
 * Unicode format characters (general category Cf): LRM/RLM/ALM, the bidi embeddings, overrides and
 * isolates, ZWSP/ZWNJ/ZWJ, the BOM… Phones' contacts and chat apps put them around numbers; they are
 * invisible, so what the user sees is what is sent and verified once they are gone.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const MAX_LENGTH = 32;

/**
 * The one normaliser of every route and of gRPC: drops invisible format characters, then parses a
 * number written in E.164 (spaces, no-break spaces, dashes, dots and parentheses allowed) and returns
 * its E.164 form. Anything else is INVALID_PHONE.
 */
export function normalizePhone(input: string): string {
  const text = input.replace(FORMAT_CHARACTERS, '').trim();
  if (!text.startsWith('+') || text.length > MAX_LENGTH) throw new OtpError('INVALID_PHONE');
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isValid()) throw new OtpError('INVALID_PHONE');
  return parsed.number;
}

/**
 * The destination country of a number in E.164, ISO 3166-1 alpha-2 as libphonenumber-js reads it from
 * the calling code and the national number (`+91…` → `IN`, `+1 415…` → `US`), or `ZZ` (CLDR's "unknown
 * region") when it cannot tell. Bounded: a metric label and a stats dimension, never the number itself.
 */
export function phoneCountry(e164: string): string {
  return parsePhoneNumberFromString(e164)?.country ?? 'ZZ';
}
