import type { ChannelName, ProviderName } from '@agent-mitra/contract';

export type RequestState = 'pending' | 'verified' | 'superseded' | 'failed';

/**
 * Who chose the code (DESIGN §4): `server` (generated here, or mock mode's) or `caller` (the `otp` of the
 * original routes and gRPC SendOtp). A caller's code proves nothing about the phone's owner, so it never
 * yields a token on the public verify route.
 */
export type CodeOrigin = 'server' | 'caller';

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
}

export type NewOtpRequest = Omit<
  OtpRequestRecord,
  'attempts' | 'state' | 'verifiedAt' | 'provider' | 'messageKey' | 'channelUsed'
>;

export type SendOutcome =
  | {
      readonly ok: true;
      readonly provider: ProviderName;
      readonly messageKey: string;
      readonly channel: ChannelName;
    }
  | { readonly ok: false };

/** Requests and their verification: every change is one conditional statement, safe across processes. */
export interface RequestStore {
  createRequest(request: NewOtpRequest): Promise<void>;
  getRequest(id: string): Promise<OtpRequestRecord | null>;
  /** The newest request of this phone that is still `pending` (expired or not). */
  findLatestPending(phoneHash: string): Promise<OtpRequestRecord | null>;
  /** Ends a send: on success records who carried the code and supersedes the phone's older pending requests. */
  completeSend(requestId: string, outcome: SendOutcome): Promise<void>;
  /**
   * Counts one verify attempt, in one conditional update: the new count, or null when the request is
   * not pending, has expired at `now` (Unix ms) or has no attempts left.
   */
  registerAttempt(requestId: string, now: number): Promise<number | null>;
  /**
   * Marks a request verified at `at` (Unix ms), in one conditional update; false when another caller
   * won the race, it is no longer pending, or it has expired by `at`.
   */
  markVerified(requestId: string, at: number): Promise<boolean>;
}
