import type { ChannelName, LateFallbackReason, ProviderName } from '@agent-mitra/contract';
import type { FallbackArming } from './fallbacks';

export type RequestState = 'pending' | 'verified' | 'superseded' | 'failed';

/**
 * Who chose the code (DESIGN §4): `server` (generated here, or mock mode's) or `caller` (the `otp` of the
 * original routes and gRPC SendOtp). A caller's code proves nothing about the phone's owner, so it never
 * yields a token on the public verify route.
 */
export type CodeOrigin = 'server' | 'caller';

/**
 * Whose budgets a request's sends are charged to (DESIGN §8): `public` (the mobile routes) or `auth`
 * (backend API keys and gRPC tokens), kept apart so strangers cannot exhaust a backend's budgets. Stored
 * so a late SMS fallback (issue 11) is charged to the same class as its send.
 */
export type CallerClass = 'public' | 'auth';

/** One code sent to one phone: its keyed hashes, limits and state. Times are Unix milliseconds. */
export interface OtpRequestRecord {
  readonly id: string;
  readonly phoneHash: string;
  readonly phoneMasked: string;
  /** ISO 3166-1 alpha-2 of the destination (libphonenumber), `ZZ` when unknown: sends per country. */
  readonly country: string;
  readonly channel: ChannelName;
  readonly purpose: string | null;
  readonly codeHash: string;
  readonly codeOrigin: CodeOrigin;
  readonly callerClass: CallerClass;
  readonly mock: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly state: RequestState;
  readonly verifiedAt: number | null;
  readonly provider: ProviderName | null;
  /** Keyed hash of the provider message id that carried the code (never the id itself: DESIGN §5). */
  readonly messageKey: string | null;
  readonly channelUsed: ChannelName | null;
  /** The language the code was sent in (e.g. `hi`), so a later SMS fallback uses the same DLT template. */
  readonly locale: string | null;
  /**
   * When an SMS fallback is due (DESIGN §5): the send time + OTP_FALLBACK_AFTER_SECONDS, or the time a
   * WhatsApp `failed` receipt arrived; null when none is scheduled. Only while the request may still fall
   * back (see FallbackStore).
   */
  readonly fallbackDueAt: number | null;
  readonly fallbackReason: LateFallbackReason | null;
  /** When a late SMS fallback replaced the code and went out; null when none did. */
  readonly fallbackAt: number | null;
}

export type NewOtpRequest = Omit<
  OtpRequestRecord,
  | 'attempts'
  | 'state'
  | 'verifiedAt'
  | 'provider'
  | 'messageKey'
  | 'channelUsed'
  | 'locale'
  | 'fallbackDueAt'
  | 'fallbackReason'
  | 'fallbackAt'
> & { readonly locale?: string | null };

export type SendOutcome =
  | {
      readonly ok: true;
      readonly provider: ProviderName;
      /** Null when the provider call ended `unknown`: it may have gone out, but no id came back. */
      readonly messageKey: string | null;
      readonly channel: ChannelName;
      /** Set when the request may still fall back to SMS after this send (a WhatsApp carrier). */
      readonly fallback?: FallbackArming | null;
    }
  | { readonly ok: false };

/** Requests and their verification: every change is one conditional statement, safe across processes. */
export interface RequestStore {
  createRequest(request: NewOtpRequest): Promise<void>;
  getRequest(id: string): Promise<OtpRequestRecord | null>;
  /**
   * The newest request of this phone whose send completed and that is still `pending` (expired or not);
   * with `callerClass`, the newest of that class only (a public send never stands in for a backend's).
   */
  findLatestPending(phoneHash: string, callerClass?: CallerClass): Promise<OtpRequestRecord | null>;
  /**
   * The mock request whose code went out as this message (its keyed hash), in any state; null when none.
   * A mock message has no delivery record (nothing ever posts a receipt for it), so its status is read
   * from its request.
   */
  findMockRequest(messageKey: string): Promise<OtpRequestRecord | null>;
  /**
   * Ends a send, in one atomic step: on success records who carried the code (and arms a later SMS
   * fallback when `outcome.fallback` is given), and supersedes the phone's older pending requests; on
   * failure marks it failed. A request that is superseded or failed can no longer fall back: its sealed
   * phone is erased in the same step.
   */
  completeSend(requestId: string, outcome: SendOutcome): Promise<void>;
  /**
   * Counts one verify attempt, in one conditional update: the new count, or null when the request is
   * not pending, has expired at `now` (Unix ms) or has no attempts left.
   */
  registerAttempt(requestId: string, now: number): Promise<number | null>;
  /**
   * Marks a request verified at `at` (Unix ms), in one conditional update; false when another caller
   * won the race, it is no longer pending, it has expired by `at`, or — with `codeHash` — its code was
   * replaced meanwhile (a late SMS fallback sent a fresh one). Erases the sealed fallback phone.
   */
  markVerified(requestId: string, at: number, codeHash?: string): Promise<boolean>;
}
