import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseMobileNumber } from 'libphonenumber-js/mobile';
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
  const text = phoneText(input);
  const parsed = parsePhoneNumberFromString(text);
  if (!parsed || !parsed.isValid()) throw new OtpError('INVALID_PHONE');
  return { e164: parsed.number, country: parsed.country ?? 'ZZ' };
}

/**
 * `parsePhone` for a send: the number must also be one that can receive an SMS or a WhatsApp message —
 * a mobile number, or one its numbering plan does not tell apart from one (`FIXED_LINE_OR_MOBILE`, as
 * in +1), by libphonenumber-js's "mobile" metadata. A valid landline, toll-free, UAN or premium number
 * (+91 11…, +91 1800…, +91 140…) is INVALID_PHONE with `details.reason: 'not_mobile'`: an SMS there is
 * money spent on nobody, and such ranges are what SMS-pumping loops walk through.
 */
export function parseMobilePhone(input: string): Phone {
  const text = phoneText(input);
  const mobile = parseMobileNumber(text);
  if (mobile?.isValid()) return { e164: mobile.number, country: mobile.country ?? 'ZZ' };
  parsePhone(text); // INVALID_PHONE as for any other route when it is no number at all
  throw new OtpError(
    'INVALID_PHONE',
    'to_phone is not a mobile number: codes go only to numbers that can receive SMS or WhatsApp',
    { reason: 'not_mobile' },
  );
}

/** The number's text without invisible format characters; INVALID_PHONE unless it starts with `+`. */
function phoneText(input: string): string {
  const text = input.replace(FORMAT_CHARACTERS, '').trim();
  if (!text.startsWith('+') || text.length > MAX_LENGTH) throw new OtpError('INVALID_PHONE');
  return text;
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
