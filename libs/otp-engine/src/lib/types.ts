import type {
  AttemptReason,
  AttemptStatus,
  ChannelName,
  DeliveryStatus,
  ProviderName,
  RequestDeliveryStatus,
} from '@agent-mitra/contract';
import type { ChannelSet, SmsTemplates } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import type { Metrics, Logger } from '@agent-mitra/observability';
import type { Flags } from '@agent-mitra/pioneer';
import type { KeyedHashes } from '@agent-mitra/privacy';
import type { CodeOrigin, OtpStore, RequestState } from '@agent-mitra/store';

export type { CodeOrigin };

/** The limits and secrets the engine works with: the app config's `otp` part (DESIGN §6/§8). */
export type EngineSettings = Omit<Config['otp'], 'androidAppHash'>;

export interface EngineOptions {
  readonly store: OtpStore;
  readonly channels: ChannelSet;
  /** The DLT templates: mock mode answers the locale's filled template. Default: DESIGN §7's text. */
  readonly smsTemplates?: SmsTemplates;
  readonly flags: Flags;
  readonly settings: EngineSettings;
  /** In production mock mode applies only to `testNumbers`, and `otp_sent` is never returned. */
  readonly production: boolean;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Unix milliseconds; injectable so tests can move time. */
  readonly clock?: () => number;
  /** The process's keyed hashes (built from settings.hashSecret when not given). */
  readonly hashes?: KeyedHashes;
}

export interface SendInput {
  readonly toPhone: string;
  readonly channel: ChannelName;
  /** Caller-supplied code (4–10 digits); generated when absent. */
  readonly otp?: string | undefined;
  readonly purpose?: string | undefined;
  readonly locale?: string | undefined;
  readonly allowFallback: boolean;
}

/**
 * Who is asking, as the edge authenticated it: `public` (the mobile routes, nobody), `backend` (an API key
 * on the original routes), `grpc` (a service token). `id` is a non-secret id of the credential
 * (`credentialId` from libs/privacy) or null when none was needed (development) or given (public).
 */
export interface Caller {
  readonly kind: 'public' | 'backend' | 'grpc';
  readonly id: string | null;
}

export interface SendContext {
  readonly caller: Caller;
  /**
   * The client's address as the edge sees it (after TRUST_PROXY): its keyed hash goes into the audit
   * trail; for public callers it also keys the per-address limits (IPv6 counted per /64).
   */
  readonly clientIp?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

export interface VerifyContext {
  readonly caller: Caller;
  /** As in SendContext: audited; for public callers it keys the per-address verify failure budget. */
  readonly clientIp?: string | undefined;
}

export interface SendResult {
  readonly requestId: string;
  readonly provider: ProviderName;
  /** The provider's id; null when the call may have reached the provider but no answer came (`unknown`). */
  readonly messageId: string | null;
  /**
   * The normalised status after the send; `unknown` when the provider call may or may not have gone
   * through (never retried: the code may still arrive and verifies if it does; receipts or the delivery
   * timeout decide what happens next).
   */
  readonly status: DeliveryStatus | 'unknown';
  readonly to: string;
  readonly channel: ChannelName;
  readonly mock: boolean;
  /** Only in mock mode, never in production. */
  readonly otpSent: string | null;
  readonly message: string;
  readonly expiresAt: number;
  readonly resendAfterSeconds: number;
}

export type VerifyResultName = 'approved' | 'invalid_code' | 'expired' | 'max_attempts' | 'not_found';

export interface VerifyInput {
  readonly toPhone: string;
  readonly code: string;
  /** Required from public callers; authenticated callers may omit it (the phone's newest pending code). */
  readonly requestId?: string | undefined;
}

export interface VerifyOutcome {
  readonly verified: boolean;
  readonly result: VerifyResultName;
  readonly attemptsLeft: number;
  readonly verificationToken: string | null;
  readonly requestId: string | null;
}

export interface DeliveryEventView {
  readonly status: DeliveryStatus;
  readonly at: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
}

/** One provider call of a request's send, as the app sees it. */
export interface SendAttemptView {
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  readonly status: AttemptStatus;
  readonly errorCode: string | null;
  readonly at: number;
  /**
   * Why this provider was tried: `failover`, `breaker_open`, `receipt_failed` / `delivery_timeout` (a
   * late SMS fallback), or null for the first choice.
   */
  readonly reason: AttemptReason | null;
}

export interface DeliveryView {
  /** The provider id the caller looked up by; null when looked up by request (it is never stored). */
  readonly messageId: string | null;
  readonly provider: ProviderName;
  /** The message's status; `unknown` / `failed` for a request whose last call gave no message id. */
  readonly status: AttemptStatus;
  readonly requestId: string | null;
  /** The channel of the message; by request, the channel now carrying the code (after any fallback). */
  readonly channel: ChannelName | null;
  readonly events: readonly DeliveryEventView[];
  /** Where the code stands in the app's words (DESIGN §5): pending, sent, delivered, read, failed. */
  readonly deliveryStatus: RequestDeliveryStatus;
  /** When a late SMS fallback went out (by request only); null when none did. */
  readonly fallbackAt: number | null;
  /** Every provider call of the request (by request only; empty by message id). */
  readonly sendAttempts: readonly SendAttemptView[];
}

export interface RequestView {
  readonly requestId: string;
  readonly to: string;
  readonly channel: ChannelName;
  readonly channelUsed: ChannelName | null;
  readonly provider: ProviderName | null;
  readonly mock: boolean;
  readonly codeOrigin: CodeOrigin;
  readonly purpose: string | null;
  /** `pending` turns into `expired` once the code's time is up, and `locked` when attempts ran out. */
  readonly state: RequestState | 'expired' | 'locked';
  readonly attemptsLeft: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly verifiedAt: number | null;
  /** Where the code stands (DESIGN §5): pending, sent, delivered, read, failed ("resend" at once). */
  readonly deliveryStatus: RequestDeliveryStatus;
  /** When a late SMS fallback replaced the WhatsApp code and went out; null when none did. */
  readonly fallbackAt: number | null;
  readonly delivery: DeliveryView | null;
  readonly sendAttempts: readonly SendAttemptView[];
}
