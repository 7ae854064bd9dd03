import { OtpError } from '@agent-mitra/errors';
import type { ChannelName } from '@agent-mitra/contract';
import type { QuotaBucket } from '@agent-mitra/store';
import type { EngineDeps } from './deps';

/**
 * The send limits of DESIGN §8, as store buckets: a cooldown per phone and channel, a window per phone
 * across channels (both skipped for mock sends, which reach nobody), and a per-IP ceiling.
 */
export function sendBuckets(
  deps: EngineDeps,
  phoneKey: string,
  channel: ChannelName,
  mock: boolean,
  clientIp: string | undefined,
): QuotaBucket[] {
  const s = deps.settings;
  const buckets: QuotaBucket[] = [];
  if (!mock && s.resendCooldownSeconds > 0) {
    buckets.push({
      key: `cooldown:${phoneKey}:${channel}`,
      limit: 1,
      windowMs: s.resendCooldownSeconds * 1000,
    });
  }
  if (!mock && s.maxSendsPerWindow > 0) {
    buckets.push({
      key: `window:${phoneKey}`,
      limit: s.maxSendsPerWindow,
      windowMs: s.sendWindowSeconds * 1000,
    });
  }
  if (clientIp && s.maxSendsPerIpPerMinute > 0) {
    buckets.push({
      key: `ip:${deps.hashes.clientIpHash(clientIp)}`,
      limit: s.maxSendsPerIpPerMinute,
      windowMs: 60_000,
    });
  }
  return buckets;
}

/** Takes one send from every bucket or throws RATE_LIMITED with the seconds to wait. */
export async function takeSendQuota(deps: EngineDeps, buckets: QuotaBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const decision = await deps.store.consumeQuota(buckets, deps.now());
  if (decision.allowed) return;
  const limit = decision.key.slice(0, decision.key.indexOf(':'));
  const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  deps.metrics?.rateLimited.inc({ limit });
  throw new OtpError(
    'RATE_LIMITED',
    limit === 'cooldown'
      ? `a code was just sent on this channel; retry in ${retryAfterSeconds} s`
      : `too many codes requested; retry in ${retryAfterSeconds} s`,
    { limit, retry_after_seconds: retryAfterSeconds },
    retryAfterSeconds,
  );
}
