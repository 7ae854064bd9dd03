import type { ChannelName, DeliveryEventInput, DeliveryStatus, ProviderName } from '@agent-mitra/contract';

export type { DeliveryEventInput };

/**
 * The store port: everything the three processes share. All times are Unix milliseconds. Phone
 * numbers never reach it in clear: callers pass a keyed hash (for lookups and limits) and a masked form.
 */
export interface OtpStore {
  readonly kind: 'sqlite' | 'postgres';

  createRequest(request: NewOtpRequest): Promise<void>;
  getRequest(id: string): Promise<OtpRequestRecord | null>;
  /** The newest request of this phone that is still `pending` (expired or not). */
  findLatestPending(phoneHash: string): Promise<OtpRequestRecord | null>;
  /** Ends a send: on success records who carried the code and supersedes the phone's older pending requests. */
  completeSend(requestId: string, outcome: SendOutcome): Promise<void>;
  /** Counts one verify attempt; the new count, or null when the request is not pending or has no attempts left. */
  registerAttempt(requestId: string): Promise<number | null>;
  /** Marks a request verified; false when another caller won the race or it is no longer pending. */
  markVerified(requestId: string, at: number): Promise<boolean>;

  /** One provider call of a send (successful or not); with a message id it also opens its delivery record. */
  recordSendAttempt(attempt: SendAttemptInput): Promise<void>;
  listSendAttempts(requestId: string): Promise<SendAttemptRecord[]>;
  /** Stores a receipt; duplicates are ignored and statuses only move forward. */
  recordDeliveryEvent(event: DeliveryEventInput): Promise<{ duplicate: boolean; status: DeliveryStatus }>;
  getDelivery(messageId: string): Promise<DeliveryRecord | null>;
  listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]>;

  /** Takes one unit from every bucket, or from none when any is exhausted (atomic across processes). */
  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision>;

  claimIdempotency(claim: IdempotencyClaimInput): Promise<IdempotencyClaim>;
  completeIdempotency(scope: string, key: string, response: string): Promise<void>;
  releaseIdempotency(scope: string, key: string): Promise<void>;

  /** Deletes expired counters and idempotency keys, and requests and receipts past retention. */
  prune(now: number, retentionMs: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type RequestState = 'pending' | 'verified' | 'superseded' | 'failed';

export interface OtpRequestRecord {
  readonly id: string;
  readonly phoneHash: string;
  readonly phoneMasked: string;
  readonly channel: ChannelName;
  readonly purpose: string | null;
  readonly codeHash: string;
  readonly mock: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly state: RequestState;
  readonly verifiedAt: number | null;
  readonly provider: ProviderName | null;
  readonly messageId: string | null;
  readonly channelUsed: ChannelName | null;
}

export type NewOtpRequest = Omit<
  OtpRequestRecord,
  'attempts' | 'state' | 'verifiedAt' | 'provider' | 'messageId' | 'channelUsed'
>;

export type SendOutcome =
  | {
      readonly ok: true;
      readonly provider: ProviderName;
      readonly messageId: string;
      readonly channel: ChannelName;
    }
  | { readonly ok: false };

export interface SendAttemptInput {
  readonly requestId: string;
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  readonly messageId: string | null;
  /** The normalised status after the call; `failed` when the provider refused or could not be reached. */
  readonly status: DeliveryStatus;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly recipientMasked: string;
  readonly at: number;
}

export interface SendAttemptRecord extends SendAttemptInput {
  readonly seq: number;
}

export interface DeliveryEventRecord {
  readonly status: DeliveryStatus;
  readonly at: number;
  readonly receivedAt: number;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly details: Readonly<Record<string, string>> | null;
}

export interface DeliveryRecord {
  readonly provider: ProviderName;
  readonly messageId: string;
  readonly requestId: string | null;
  readonly channel: ChannelName | null;
  readonly status: DeliveryStatus;
  readonly recipientMasked: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Every distinct event, oldest first. */
  readonly events: readonly DeliveryEventRecord[];
}

export interface QuotaBucket {
  /** What is limited, e.g. `cooldown:<phone hash>:sms`; never a phone number in clear. */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type QuotaDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly key: string; readonly retryAfterMs: number };

export interface IdempotencyClaimInput {
  readonly scope: string;
  readonly key: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  readonly fingerprint: string;
  readonly now: number;
  readonly ttlMs: number;
  /** A claim left without an answer this long (a crashed process) may be taken over. */
  readonly staleAfterMs: number;
}

export type IdempotencyClaim =
  | { readonly state: 'claimed' }
  | { readonly state: 'replay'; readonly response: string }
  | { readonly state: 'conflict' }
  | { readonly state: 'in_progress' };
