import { OtpError } from '@agent-mitra/errors';
import { addressBlock } from '@agent-mitra/otp-engine';
import type { KeyedHashes } from '@agent-mitra/privacy';
import type { OtpStore } from '@agent-mitra/store';

/** What the throttle reads of a request: the client address as Express resolved it (TRUST_PROXY). */
interface ClientRequest {
  readonly ip?: string | undefined;
}

/** Wrong admin keys one client address (IPv6 per /64) may present per window before it must wait. */
export const ADMIN_KEY_FAILURES_LIMIT = 10;
export const ADMIN_KEY_FAILURES_WINDOW_MS = 15 * 60_000;

/** Slows guessing of ADMIN_API_KEYS: checked before a key is compared, charged when it was wrong. */
export interface AdminKeyThrottle {
  /** Throws RATE_LIMITED (429, Retry-After) while this client's wrong-key budget is spent. */
  check(req: ClientRequest): Promise<void>;
  /** Counts one wrong admin key (`/ops/login`, the admin routes, `/metrics`, `/readyz`). */
  failed(req: ClientRequest): Promise<void>;
}

/**
 * The wrong-key budget kept in the store's fixed-window quota counters (the same ones as the send
 * limits, so every gateway instance shares it): {@link ADMIN_KEY_FAILURES_LIMIT} wrong keys per
 * client address per 15 minutes, keyed by the keyed hash of the address block, never the address.
 * It fails open: while the store does not answer, keys are checked without counting, so `/metrics` and
 * `/readyz` detail stay readable during the outage they are needed for.
 */
export function adminKeyThrottle(runtime: {
  readonly store: Pick<OtpStore, 'peekQuota' | 'addQuota'>;
  readonly hashes: Pick<KeyedHashes, 'clientIpHash'>;
}): AdminKeyThrottle {
  const bucket = (req: ClientRequest) => [
    {
      key: `admin_key_failures:${runtime.hashes.clientIpHash(addressBlock(req.ip ?? ''))}`,
      limit: ADMIN_KEY_FAILURES_LIMIT,
      windowMs: ADMIN_KEY_FAILURES_WINDOW_MS,
    },
  ];
  return {
    async check(req) {
      const decision = await runtime.store
        .peekQuota(bucket(req), Date.now())
        .catch(() => ({ allowed: true }) as const);
      if (!decision.allowed) {
        throw new OtpError(
          'RATE_LIMITED',
          'too many wrong admin keys from this address; retry later',
          {},
          Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
        );
      }
    },
    async failed(req) {
      await runtime.store.addQuota(bucket(req), Date.now()).catch(() => undefined);
    },
  };
}
