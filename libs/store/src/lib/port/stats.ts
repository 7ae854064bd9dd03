import type { AttemptReason, ChannelName, DeliveryStatus, ProviderName } from '@agent-mitra/contract';

/**
 * A period of requests, by their creation time: `from` ≤ created_at < `to` (Unix ms), cut into buckets
 * of `bucketMs` counted from `from` (bucket i covers [from + i·bucketMs, from + (i+1)·bucketMs)).
 * Every figure belongs to the bucket of the request it serves (a cohort): a receipt or a verification
 * that comes later is still counted with the send that caused it.
 */
export interface StatsQuery {
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
  /** How many of the newest failures to list, per stage (send, receipt). */
  readonly recentFailures: number;
}

/** What the messages of one bucket, channel, destination country and provider became. */
export interface MessageCounts {
  /** Bucket index from `from`. */
  readonly bucket: number;
  readonly channel: ChannelName;
  /** ISO 3166-1 alpha-2, `ZZ` unknown. */
  readonly country: string;
  readonly provider: ProviderName;
  /** Messages a provider accepted (one per accepted send attempt, mock ones included). */
  readonly sent: number;
  /** Of those, the ones whose current status is `delivered` or `read`. */
  readonly delivered: number;
  /** Of those, the ones whose current status is `read`. */
  readonly read: number;
  /** Attempts the provider refused at send time, plus accepted messages now `failed`/`undelivered`. */
  readonly failed: number;
}

/**
 * Requests that sent a code (at least one message accepted, or verified), and how many of them were
 * verified, by the channel that carried the last code. One request counts once, however many messages
 * it took (a fallback or a failover is a second message of the same request).
 */
export interface VerifiedCounts {
  readonly bucket: number;
  readonly channel: ChannelName;
  readonly country: string;
  readonly requests: number;
  readonly verified: number;
}

/** One delivered message: from its send attempt to its first `delivered`/`read` event, in ms (≥ 0). */
export interface DeliveryTime {
  readonly bucket: number;
  readonly channel: ChannelName;
  readonly country: string;
  readonly provider: ProviderName;
  readonly ms: number;
}

/** How often one provider error code was seen in the period, and the last text stored with it. */
export interface ErrorCount {
  readonly provider: ProviderName;
  readonly channel: ChannelName;
  /** `send`: the provider refused the request; `receipt`: a failed/undelivered delivery receipt. */
  readonly stage: 'send' | 'receipt';
  /** The provider's own code; null when it gave none (e.g. a network failure). */
  readonly code: string | null;
  readonly count: number;
  readonly message: string | null;
}

/** Send attempts made for a reason (failover, fallback…), by reason. */
export interface ReasonCount {
  readonly reason: AttemptReason;
  readonly count: number;
}

/** One failure, for the recent-failures table. Never a phone in clear: the masked form only. */
export interface FailureRecord {
  readonly at: number;
  readonly stage: 'send' | 'receipt';
  readonly requestId: string;
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  readonly country: string;
  /** `failed` (refused at send, or Meta's/MSG91's failure) or `undelivered` (Twilio's carrier report). */
  readonly status: DeliveryStatus;
  readonly code: string | null;
  readonly message: string | null;
  readonly recipientMasked: string;
}

/** Everything the operations stats are made of, for one period; aggregated in the database. */
export interface PeriodStats {
  readonly messages: readonly MessageCounts[];
  readonly verified: readonly VerifiedCounts[];
  /** One row per delivered message of the period (percentiles are computed by the caller). */
  readonly deliveryTimes: readonly DeliveryTime[];
  readonly errors: readonly ErrorCount[];
  readonly reasons: readonly ReasonCount[];
  /** Newest first, at most `recentFailures` of each stage. */
  readonly recentFailures: readonly FailureRecord[];
}

/**
 * Read-only figures for the operations view (GET /api/v1/admin/stats). They come from the shared
 * store, so they are the same from every instance and survive restarts.
 */
export interface StatsStore {
  periodStats(query: StatsQuery): Promise<PeriodStats>;
}
