import { OtpError } from '@agent-mitra/errors';
import type { CallerClass } from '@agent-mitra/store';
import type { EngineDeps } from './deps';
import type { Caller } from './types';

/** The `kind` label of `otp_refusals_total` (METRICS.md): which defence refused. */
export type RefusalKind = 'country' | 'global' | 'prefix' | 'ip' | 'phone' | 'cooldown' | 'verify_failures';

/**
 * Each limit's bucket name (the first segment of its store key, `details.limit` of the refusal), the
 * defence it belongs to, and what the caller is told. The wait is appended.
 */
const LIMITS: Readonly<Record<string, { readonly kind: RefusalKind; readonly says: string }>> = {
  cooldown: { kind: 'cooldown', says: 'a code was just sent on this channel' },
  phone: { kind: 'phone', says: 'too many codes requested for this number' },
  ip_phone: { kind: 'phone', says: 'too many codes requested for this number from this address' },
  ip: { kind: 'ip', says: 'too many codes requested from this address' },
  prefix: { kind: 'prefix', says: 'too many codes requested for numbers like this one' },
  global: { kind: 'global', says: 'too many codes are being sent right now' },
  verify_failures_ip: { kind: 'verify_failures', says: 'too many wrong codes from this address' },
  verify_failures_phone: { kind: 'verify_failures', says: 'too many wrong codes for this number' },
};

/**
 * Per-phone and money budgets are kept apart for public (mobile) callers and authenticated ones
 * (backend API keys, gRPC tokens), so strangers on the public route cannot exhaust a backend's.
 */
export type { CallerClass };

export function callerClassOf(caller: Caller): CallerClass {
  return caller.kind === 'public' ? 'public' : 'auth';
}

/**
 * The RATE_LIMITED error for a refused bucket (its store key and the wait), counted in
 * `otp_refusals_total`: `details` = `{limit, kind, retry_after_seconds}`, `Retry-After` = the wait.
 */
export function limitRefusal(deps: EngineDeps, key: string, retryAfterMs: number): OtpError {
  const limit = key.slice(0, key.indexOf(':'));
  const { kind, says } = LIMITS[limit] ?? { kind: 'phone', says: 'too many requests' };
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  deps.metrics?.refusals.inc({ kind });
  return new OtpError(
    'RATE_LIMITED',
    `${says}; retry in ${retryAfterSeconds} s`,
    { limit, kind, retry_after_seconds: retryAfterSeconds },
    retryAfterSeconds,
  );
}

/**
 * Refuses a destination outside OTP_ALLOWED_COUNTRIES (DESIGN §6, `*` = any): COUNTRY_NOT_ALLOWED (422 /
 * FAILED_PRECONDITION, permanent), counted as `otp_refusals_total{kind="country"}`. Checked before any
 * limit is taken or any provider called.
 */
export function assertCountryAllowed(deps: EngineDeps, country: string): void {
  const allowed = deps.settings.allowedCountries;
  if (allowed === '*' || allowed.includes(country)) return;
  deps.metrics?.refusals.inc({ kind: 'country' });
  throw new OtpError('COUNTRY_NOT_ALLOWED', `codes are not sent to numbers of this country (${country})`, {
    country,
    kind: 'country',
  });
}
