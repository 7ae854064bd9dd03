import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { int } from './zod-env';

/** A limit that takes 0 (= off, refused in production) up to any count. */
const limit = (fallback: number) => int(0, Number.MAX_SAFE_INTEGER, fallback);

/**
 * OTP_ALLOWED_COUNTRIES: `*` (any destination) or ISO 3166-1 alpha-2 codes, comma-separated, that
 * libphonenumber knows (so a typo such as `UK` for `GB` stops the app instead of refusing a country).
 */
const allowedCountries = z.string().transform((value, ctx) => {
  const items = value
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item.length > 0);
  if (items.length === 1 && items[0] === '*') return '*' as const;
  const unknown = items.filter((item) => !/^[A-Z]{2}$/.test(item) || !isSupportedCountry(item));
  if (items.length === 0 || unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be * or ISO 3166-1 alpha-2 country codes, e.g. IN,AE (not: ${unknown.join(', ') || 'empty'})`,
    });
    return z.NEVER;
  }
  return [...new Set(items)];
});

/**
 * The abuse defences of DESIGN §6/§8 (issue 9): destination countries, the money budgets (global and per
 * number prefix), the per-(address, phone) public limit, the verify failure budgets, and how long the
 * audit trail is kept.
 */
export const abuseEnvShape = {
  OTP_ALLOWED_COUNTRIES: allowedCountries.default(['IN']),
  OTP_MAX_SENDS_PER_MINUTE: limit(600),
  OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: limit(20),
  OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW: limit(3),
  OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR: limit(100),
  OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY: limit(20),
  AUDIT_RETENTION_DAYS: int(1, 3_650, 90),
};

/** The limits production refuses to see turned off (0). */
export const ABUSE_LIMITS = [
  'OTP_MAX_SENDS_PER_MINUTE',
  'OTP_MAX_SENDS_PER_PREFIX_PER_HOUR',
  'OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW',
  'OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR',
  'OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY',
] as const;
