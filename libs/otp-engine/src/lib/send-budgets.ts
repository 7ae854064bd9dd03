import type { ChannelName } from '@agent-mitra/contract';
import type { QuotaBucket, QuotaDecision } from '@agent-mitra/store';
import { addressBlock } from './client-address';
import type { EngineDeps } from './deps';
import { numberPrefix, type Phone } from './phone';
import { limitRefusal, type CallerClass } from './refusals';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Who a send is for and who asks: what its buckets are keyed on (keyed hashes only, never in clear). */
export interface SendTarget {
  readonly phoneKey: string;
  readonly prefixKey: string;
  readonly callerClass: CallerClass;
  /** Keyed hash of the client's address block (IPv6 /64): public callers only, null otherwise. */
  readonly addressKey: string | null;
  /** Mock sends reach nobody and cost nothing: no per-number limits, no money budgets. */
  readonly mock: boolean;
}

/**
 * The target of a send: keyed hashes of the number and its prefix (E.164 minus its last 3 digits), the
 * caller class, and — public callers with a known address only — the keyed hash of the address block.
 * A fallback decided after the send (a failed receipt) builds it again from the number and the class of
 * the request's caller, with `clientIp` undefined and `mock` false.
 */
export function sendTarget(
  deps: EngineDeps,
  phone: Phone,
  callerClass: CallerClass,
  clientIp: string | undefined,
  mock: boolean,
): SendTarget {
  return {
    phoneKey: deps.hashes.phoneHash(phone.e164),
    prefixKey: deps.hashes.prefixHash(numberPrefix(phone.e164)),
    callerClass,
    addressKey:
      callerClass === 'public' && clientIp ? deps.hashes.clientIpHash(addressBlock(clientIp)) : null,
    mock,
  };
}

/**
 * The send limits of DESIGN §8 as store buckets, all taken in one transaction (all or none):
 * - per number, for real sends only, each kept apart for public and authenticated callers: the resend
 *   cooldown on the channel tried first, and the window across channels; plus, for public callers, the
 *   share of that window one address may use (`ip_phone`);
 * - the money budgets, for real sends only: global per minute (one for every caller), per number prefix per
 *   hour;
 * - per client address block (IPv6 /64), public callers only, mock sends included.
 */
export function sendBuckets(deps: EngineDeps, target: SendTarget, firstChannel: ChannelName): QuotaBucket[] {
  const s = deps.settings;
  const { phoneKey, callerClass: who, addressKey } = target;
  const buckets: QuotaBucket[] = [];
  const add = (on: boolean, key: string, limit: number, windowMs: number) => {
    if (on && limit > 0) buckets.push({ key, limit, windowMs });
  };
  const real = !target.mock;
  if (real) buckets.push(...cooldown(deps, target, firstChannel));
  add(real, `phone:${who}:${phoneKey}`, s.maxSendsPerWindow, s.sendWindowSeconds * 1000);
  add(
    real && addressKey !== null,
    `ip_phone:${addressKey}:${phoneKey}`,
    s.maxSendsPerIpAndPhonePerWindow,
    s.sendWindowSeconds * 1000,
  );
  if (real) buckets.push(...moneyBudgets(deps, target));
  add(addressKey !== null, `ip:${addressKey}`, s.maxSendsPerIpPerMinute, MINUTE_MS);
  return buckets;
}

/**
 * What a WhatsApp→SMS fallback takes before the SMS provider is called — it is the SMS send it is: the
 * SMS cooldown, and the global and prefix budgets again (it is paid again). Not the number's window
 * (the user asked once) nor the address ceiling. Nothing for mock sends.
 */
export function fallbackBuckets(deps: EngineDeps, target: SendTarget): QuotaBucket[] {
  if (target.mock) return [];
  return [...cooldown(deps, target, 'sms'), ...moneyBudgets(deps, target)];
}

function cooldown(deps: EngineDeps, target: SendTarget, channel: ChannelName): QuotaBucket[] {
  const seconds = deps.settings.resendCooldownSeconds;
  if (seconds <= 0) return [];
  return [
    {
      key: `cooldown:${target.callerClass}:${target.phoneKey}:${channel}`,
      limit: 1,
      windowMs: seconds * 1000,
    },
  ];
}

function moneyBudgets(deps: EngineDeps, target: SendTarget): QuotaBucket[] {
  const s = deps.settings;
  const buckets: QuotaBucket[] = [];
  if (s.maxSendsPerMinute > 0) {
    // Global means global (DESIGN §6): one budget for every caller, the cost circuit breaker.
    buckets.push({ key: 'global:all', limit: s.maxSendsPerMinute, windowMs: MINUTE_MS });
  }
  if (s.maxSendsPerPrefixPerHour > 0) {
    buckets.push({
      key: `prefix:${target.callerClass}:${target.prefixKey}`,
      limit: s.maxSendsPerPrefixPerHour,
      windowMs: HOUR_MS,
    });
  }
  return buckets;
}

/**
 * Takes one send from every bucket or throws RATE_LIMITED with the seconds to wait (the longest wait of
 * the refusing buckets) and its kind. A refusal by the global budget is also a circuit breaker tripping;
 * see `noteGlobalTrip`.
 */
export async function takeSendQuota(deps: EngineDeps, buckets: readonly QuotaBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await assertAllowed(deps, await deps.store.consumeQuota(buckets, deps.now()));
}

/**
 * Nothing when the store allowed the send; otherwise throws RATE_LIMITED with the wait and kind of the
 * refusing bucket, after noting a global budget trip (`noteGlobalTrip`).
 */
export async function assertAllowed(deps: EngineDeps, decision: QuotaDecision): Promise<void> {
  if (decision.allowed) return;
  if (decision.key.startsWith('global:')) await noteGlobalTrip(deps, decision.key, decision.retryAfterMs);
  throw limitRefusal(deps, decision.key, decision.retryAfterMs);
}

/**
 * Takes the buckets of a WhatsApp→SMS fallback (`fallbackBuckets`) before the SMS provider is called;
 * RATE_LIMITED when any refuses, and then no provider is called. Exported so every fallback path (the
 * one during a send, and the one after a failed receipt or a silent WhatsApp) charges the same way.
 */
export function takeFallbackQuota(deps: EngineDeps, target: SendTarget): Promise<void> {
  return takeSendQuota(deps, fallbackBuckets(deps, target));
}

/**
 * The global budget is a circuit breaker: when it refuses, the first refusal of its window — across every
 * process and instance, decided in the store by a one-unit marker bucket that lasts as long as the window —
 * is the closed → tripped transition: logged once (warn) and counted in `otp_global_budget_trips_total`.
 * Later refusals in the same window are only counted as refusals. A store failure here changes nothing.
 */
async function noteGlobalTrip(deps: EngineDeps, key: string, retryAfterMs: number): Promise<void> {
  try {
    const marker = { key: `trip:${key}`, limit: 1, windowMs: Math.max(1, retryAfterMs) };
    const first = await deps.store.consumeQuota([marker], deps.now());
    if (!first.allowed) return;
    deps.metrics?.globalBudgetTrips.inc();
    deps.logger.warn(
      {
        budget: key,
        limit_per_minute: deps.settings.maxSendsPerMinute,
        retry_after_seconds: Math.ceil(retryAfterMs / 1000),
      },
      'global send budget tripped: every real send is refused until the minute ends',
    );
  } catch (error) {
    deps.logger.warn({ err: error }, 'global send budget: could not record the trip');
  }
}
