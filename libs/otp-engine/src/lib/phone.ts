import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { OtpError } from '@agent-mitra/errors';

/**
 * Unicode format characters (general category Cf): LRM/RLM/ALM, the bidi embeddings, overrides and
 * isolates, ZWSP/ZWNJ/ZWJ, the BOM… Phones' contacts and chat apps put them around numbers; they are
 * invisible, so what the user sees is what is sent and verified once they are gone.
 */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const MAX_LENGTH = 32;
/** Digits dropped from a number to get its prefix (DESIGN §6: numbers sharing all but their last 3). */
const PREFIX_DROPPED_DIGITS = 3;

/** A number as the engine works with it. */
export interface Phone {
  /** E.164, e.g. `+919876543210`. */
  readonly e164: string;
  /** ISO 3166-1 alpha-2 of the number (libphonenumber), `ZZ` for numbers of no country (+800, +882…). */
  readonly country: string;
}

/**
 * The one parser of every route and of gRPC: drops invisible format characters, then parses a number
 * written in E.164 (spaces, no-break spaces, dashes, dots and parentheses allowed) with libphonenumber-js.
 * Anything else is INVALID_PHONE.
 */
export function parsePhone(input: string): Phone {
  const text = input.replace(FORMAT_CHARACTERS, '').trim();
  if (!text.startsWith('+') || text.length > MAX_LENGTH) throw new OtpError('INVALID_PHONE');
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isValid()) throw new OtpError('INVALID_PHONE');
  return { e164: parsed.number, country: parsed.country ?? 'ZZ' };
}

/** The E.164 form of a number (see `parsePhone`). */
export function normalizePhone(input: string): string {
  return parsePhone(input).e164;
}

/**
 * The block of numbers an SMS-pumping loop walks through: the E.164 number without its last 3 digits
 * (`+919876543210` → `+919876543`), i.e. 1,000 consecutive numbers.
 */
export function numberPrefix(e164: string): string {
  return e164.slice(0, -PREFIX_DROPPED_DIGITS);
}
