/** Channels a code can travel by, and the providers behind them. */
export const CHANNELS = ['sms', 'whatsapp'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export type ProviderName = 'mock' | 'twilio' | 'whatsapp' | 'msg91';

/** Providers that carry SMS; `SMS_ROUTES` (DESIGN §10) orders them per destination country. */
export const SMS_PROVIDERS = ['twilio', 'msg91'] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];

/**
 * A provider's circuit breaker (DESIGN §10): `closed` lets sends through, `open` keeps them off the
 * provider until its cooldown ends, `half_open` lets one probe through to decide.
 */
export const BREAKER_STATES = ['closed', 'half_open', 'open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/**
 * Why a provider was tried when it was not the first choice: the one before it failed with an outage
 * (`failover`), or its breaker was open (`breaker_open`). Null for the first choice.
 */
export type AttemptReason = 'failover' | 'breaker_open';

/**
 * Normalised delivery statuses (DESIGN §5): queued < sent < delivered < read, with failed and
 * undelivered final. Each provider maps its own words onto these in its channel folder.
 */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

// A failure ranks below delivered/read: a late "failed" never hides that the phone got the message.
const RANK: Record<DeliveryStatus, number> = {
  queued: 1,
  sent: 2,
  failed: 3,
  undelivered: 3,
  delivered: 4,
  read: 5,
};

export function isFinalStatus(status: DeliveryStatus): boolean {
  return status === 'failed' || status === 'undelivered' || status === 'read';
}

/** True when a message now in `current` should move to `next`; statuses never move backwards. */
export function shouldAdvanceStatus(current: DeliveryStatus | null, next: DeliveryStatus): boolean {
  if (current === null) return true;
  if (current === 'failed' || current === 'undelivered') return false;
  return RANK[next] > RANK[current];
}

/**
 * One delivery event, normalised: what a provider's webhook reported (or what a send answered), ready
 * to store. The recipient is already masked (DESIGN §9).
 */
export interface DeliveryEventInput {
  readonly provider: ProviderName;
  readonly messageId: string;
  readonly status: DeliveryStatus;
  /** The provider's time of the event (or the time it was received when the provider gives none). */
  readonly at: number;
  readonly receivedAt: number;
  /** Same key twice = the same event delivered twice (providers deliver at least once). */
  readonly dedupeKey: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly recipientMasked: string | null;
  /** Extra facts worth keeping: conversation and pricing category, the provider's own status word… */
  readonly details: Readonly<Record<string, string>> | null;
}
