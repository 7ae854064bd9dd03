import type { LateFallbackReason } from '@agent-mitra/contract';
import type { CallerClass } from './requests';

/**
 * What a send leaves for a later SMS fallback (DESIGN §5, issue 11): the phone, sealed (AES-256-GCM with
 * the request id as associated data; the store never sees it in clear), and when the silence timeout
 * falls due (null: only a `failed` receipt can make it due).
 */
export interface FallbackArming {
  readonly sealedPhone: string;
  readonly dueAt: number | null;
}

/** A due fallback one caller has claimed, with what it needs to send the SMS. */
export interface FallbackClaim {
  readonly requestId: string;
  readonly sealedPhone: string;
  readonly reason: LateFallbackReason;
  readonly phoneHash: string;
  readonly phoneMasked: string;
  /** ISO 3166-1 alpha-2 of the destination (metrics labels). */
  readonly country: string;
  /** Whose budgets the fallback SMS is charged to: the class of the send's caller. */
  readonly callerClass: CallerClass;
  readonly locale: string | null;
  readonly purpose: string | null;
  readonly expiresAt: number;
  /** The claim's lease end (Unix ms), also its token: the other steps act only while it still holds. */
  readonly claimedUntil: number;
}

/**
 * Late SMS fallbacks, shared by every instance. A request may fall back while it is pending, armed by
 * its send (`SendOutcome.fallback`) and not yet fallen back; the sealed phone is erased as soon as that
 * stops being true (the fallback ran or was refused, a delivery was proven, the request was verified,
 * superseded, failed or expired). Every step is one conditional statement, so duplicates and races
 * across processes and instances change nothing twice.
 */
export interface FallbackStore {
  /**
   * A WhatsApp `failed` receipt for the message `messageKey`: its request's fallback is due now (reason
   * `receipt_failed`), unless it is already due, claimed, or can no longer fall back. True when it changed.
   */
  markFallbackDue(messageKey: string, now: number): Promise<boolean>;
  /**
   * A `delivered`/`read` receipt for `messageKey`: the phone got the message, so its request will not
   * fall back (a claim in progress then finds nothing to start). True when a fallback was called off.
   */
  cancelFallback(messageKey: string): Promise<boolean>;
  /**
   * Claims up to `limit` due fallbacks of pending, unexpired requests for `leaseMs`, atomically (one
   * `UPDATE … RETURNING`; PostgreSQL skips rows another instance holds): N instances claim each once.
   * A claim whose lease ran out (its claimer died) can be claimed again.
   */
  claimDueFallbacks(now: number, leaseMs: number, limit: number): Promise<FallbackClaim[]>;
  /**
   * Starts a claimed fallback: replaces the request's code hash with the fresh code's, marks it fallen
   * back at `now` and erases the sealed phone — only while the claim holds and the request is still
   * pending, unexpired and armed. False (nothing changed) when any of that stopped being true.
   */
  startFallback(claim: FallbackClaim, codeHash: string, now: number): Promise<boolean>;
  /** Gives up a claimed fallback for good (a send limit refused it): erases the sealed phone. */
  releaseFallback(claim: FallbackClaim): Promise<void>;
  /** Erases the sealed phone of up to `limit` requests that expired by `now`; answers how many. */
  forgetExpiredFallbacks(now: number, limit: number): Promise<number>;
}
