import type { AttemptReason, ChannelName, DeliveryStatus, ProviderName } from '@agent-mitra/contract';

/** What a channel needs to deliver one code. The phone is in clear only here, in memory. */
export interface OtpMessage {
  readonly requestId: string;
  /** E.164, e.g. +919876543210. */
  readonly to: string;
  readonly code: string;
  /** Seconds the code stays valid from now: providers must not deliver it later than that. */
  readonly ttlSeconds: number;
  readonly locale: string | null;
  readonly purpose: string | null;
  /** Milliseconds this send may spend on retries; absent: the channel's own budget (PROVIDER_RETRY_BUDGET_MS). */
  readonly retryBudgetMs?: number | undefined;
  /**
   * Called once per provider call by channels that try several providers (SMS routing), before they
   * move on or return, so the caller records every attempt with its provider and reason. A channel
   * that calls it has reported all its attempts, the last one included.
   */
  readonly onAttempt?: ((attempt: ProviderAttempt) => Promise<void>) | undefined;
}

/** One provider call of a send: who carried (or failed to carry) the message, and why it was tried. */
export interface ProviderAttempt {
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  /** Null for the first choice; `failover` / `breaker_open` when an earlier provider was passed over. */
  readonly reason: AttemptReason | null;
  /** The provider's receipt, or null when it failed with `error`. */
  readonly receipt: SendReceipt | null;
  readonly error: unknown;
}

export interface SendReceipt {
  readonly provider: ProviderName;
  readonly messageId: string;
  /** Normalised status right after the provider accepted the message. */
  readonly status: DeliveryStatus;
}

/**
 * The channel port. An adapter sends one message and answers the provider's id, or throws a
 * ProviderError that says whether retrying or falling back can help.
 */
export interface OtpChannel {
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  send(message: OtpMessage): Promise<SendReceipt>;
  close?(): Promise<void>;
}

/** The real channels configured in this process; null when a provider has no credentials. */
export interface ChannelSet {
  readonly sms: OtpChannel | null;
  readonly whatsapp: OtpChannel | null;
}
