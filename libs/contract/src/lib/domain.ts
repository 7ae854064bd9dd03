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
 * Why a provider was tried when it was not the first choice. SMS routing (DESIGN §10): the provider
 * before it failed with an outage (`failover`), or its breaker was open (`breaker_open`). Channel
 * fallback (DESIGN §5): WhatsApp refused the message at send time and SMS carried it (`fallback`), or
 * WhatsApp failed after it was accepted (`receipt_failed`) or stayed silent past
 * OTP_FALLBACK_AFTER_SECONDS (`delivery_timeout`). Null for the first choice.
 */
export const ATTEMPT_REASONS = [
  'failover',
  'breaker_open',
  'fallback',
  'receipt_failed',
  'delivery_timeout',
] as const;
export type AttemptReason = (typeof ATTEMPT_REASONS)[number];

/** The reasons of a fallback sent after the fact (a later SMS for a WhatsApp send already accepted). */
export const LATE_FALLBACK_REASONS = ['receipt_failed', 'delivery_timeout'] as const;
export type LateFallbackReason = (typeof LATE_FALLBACK_REASONS)[number];

/**
 * Normalised delivery statuses (DESIGN §5). Each provider maps its own words onto these in its channel
 * folder. Their order is `DELIVERY_STATUS_RANK`, not this list's.
 */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** True for a provider's normalised status (not `unknown` or `refused`, which no provider reports). */
export function isDeliveryStatus(status: string): status is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(status);
}

/**
 * The rank of each status (DESIGN §5): `queued < sent < failed = undelivered < delivered < read`.
 * A failure ranks below delivered/read, so a late or reordered `failed` never hides that the phone got
 * the message. The tie between `failed` and `undelivered` is broken in favour of `undelivered`, so the
 * order is total and every arrival order gives one answer: Twilio's `undelivered` means a carrier
 * reported the failure, so the message got further than `failed` (never handed to a carrier; Twilio,
 * "Message status values", https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
 */
export const DELIVERY_STATUS_RANK: Readonly<Record<DeliveryStatus, number>> = {
  queued: 1,
  sent: 2,
  failed: 3,
  undelivered: 4,
  delivered: 5,
  read: 6,
};

/**
 * What one provider call ended with: the provider's normalised status when it answered, or
 * - `unknown`: the call may have reached the provider (a timeout or a cut connection after the request
 *   was sent); nothing was retried and no receipt can be matched (there is no message id);
 * - `refused`: no provider was called, because a send limit refused it (a late SMS fallback).
 */
export type AttemptStatus = DeliveryStatus | 'unknown' | 'refused';

/**
 * Where a request's code stands, as the app shows it (DESIGN §5, `delivery_status`): `pending` (nothing
 * reported yet, or an SMS fallback is on its way), `sent`, `delivered`, `read`, or `failed` (the message
 * carrying the code failed and nothing else will be sent: the app may offer "resend" at once).
 */
export const REQUEST_DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type RequestDeliveryStatus = (typeof REQUEST_DELIVERY_STATUSES)[number];

/** A message's status in the words of a request's `delivery_status` (`queued` is still `pending`). */
export function requestDeliveryStatusOf(status: AttemptStatus | null): RequestDeliveryStatus {
  switch (status) {
    case 'sent':
    case 'delivered':
    case 'read':
      return status;
    case 'failed':
    case 'undelivered':
    case 'refused':
      return 'failed';
    case 'queued':
    case 'unknown':
    case null:
      return 'pending';
  }
}

/** True when no later receipt is expected in the provider's lifecycle (a delivery can still outrank a failure). */
export function isFinalStatus(status: DeliveryStatus): boolean {
  return status === 'failed' || status === 'undelivered' || status === 'read';
}

/**
 * True when a message whose current status is `current` (null: none yet) should take `next` as its
 * current status: only when `next` ranks higher. Because the rank is a total order, folding any
 * permutation of the same events with this rule ends in the same status, the highest ranked one; every
 * event is still kept in the history. The store adapters (SQLite, PostgreSQL) all decide with this.
 */
export function shouldAdvanceStatus(current: DeliveryStatus | null, next: DeliveryStatus): boolean {
  return current === null || DELIVERY_STATUS_RANK[next] > DELIVERY_STATUS_RANK[current];
}

/** The current status of a message that saw these statuses, in any order; null for none. */
export function currentStatusOf(statuses: Iterable<DeliveryStatus>): DeliveryStatus | null {
  let current: DeliveryStatus | null = null;
  for (const status of statuses) if (shouldAdvanceStatus(current, status)) current = status;
  return current;
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
