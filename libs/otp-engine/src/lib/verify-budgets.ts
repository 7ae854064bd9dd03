import type { QuotaBucket } from '@agent-mitra/store';
import { addressBlock } from './client-address';
import type { EngineDeps } from './deps';
import type { CallerClass } from './refusals';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The verify failure budgets (DESIGN §8): wrong codes per public client address block (IPv6 /64) per
 * hour, and per phone per day, the latter kept apart for public and authenticated callers (a stranger's
 * wrong codes on the public route cannot lock a backend out of a number). Each send gives a handful of
 * tries; these bound the guesses one address, or all addresses together against one number, can make
 * across many sends. They are checked (`readForVerify`) before a try is counted, and a wrong code adds
 * one to each in the write that counts it (`tryCode`): checked, not taken, so concurrent wrong codes can
 * overshoot a budget by at most the number in flight at the moment it fills.
 */
export function verifyBuckets(
  deps: EngineDeps,
  phoneKey: string,
  callerClass: CallerClass,
  clientIp: string | undefined,
): QuotaBucket[] {
  const s = deps.settings;
  const buckets: QuotaBucket[] = [];
  if (callerClass === 'public' && clientIp && s.maxVerifyFailuresPerIpPerHour > 0) {
    buckets.push({
      key: `verify_failures_ip:${deps.hashes.clientIpHash(addressBlock(clientIp))}`,
      limit: s.maxVerifyFailuresPerIpPerHour,
      windowMs: HOUR_MS,
    });
  }
  if (s.maxVerifyFailuresPerPhonePerDay > 0) {
    buckets.push({
      key: `verify_failures_phone:${callerClass}:${phoneKey}`,
      limit: s.maxVerifyFailuresPerPhonePerDay,
      windowMs: DAY_MS,
    });
  }
  return buckets;
}
