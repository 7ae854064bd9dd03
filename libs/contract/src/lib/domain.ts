/** Channels a code can travel by, and the providers behind them. */
export const CHANNELS = ['sms', 'whatsapp'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export type ProviderName = 'mock' | 'twilio' | 'whatsapp';

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
