import type {
  AttemptReason,
  AttemptStatus,
  ChannelName,
  DeliveryEventInput,
  DeliveryStatus,
  ProviderName,
} from '@agent-mitra/contract';

export type { DeliveryEventInput };

/**
 * A delivery event as the store keeps it: the provider message id replaced by its keyed hash
 * (`KeyedHashes.messageKey`), so no id — a WhatsApp wamid encodes the recipient's number — is at rest.
 */
export type StoredDeliveryEvent = Omit<DeliveryEventInput, 'messageId'> & { readonly messageKey: string };

export interface SendAttemptInput {
  readonly requestId: string;
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  /** Keyed hash of the provider message id; null when the provider gave none. */
  readonly messageKey: string | null;
  /**
   * The normalised status after the call; `failed` when the provider refused or could not be reached,
   * `unknown` when the call may have reached it, `refused` when a send limit stopped it before any call.
   */
  readonly status: AttemptStatus;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly recipientMasked: string;
  readonly at: number;
  /** Why this provider was tried (`failover`, `breaker_open`, `receipt_failed`, `delivery_timeout`); null or absent for the first choice. */
  readonly reason?: AttemptReason | null;
}

export interface SendAttemptRecord extends SendAttemptInput {
  readonly seq: number;
  readonly reason: AttemptReason | null;
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
  readonly messageKey: string;
  readonly requestId: string | null;
  readonly channel: ChannelName | null;
  readonly status: DeliveryStatus;
  readonly recipientMasked: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Every distinct event, oldest first. */
  readonly events: readonly DeliveryEventRecord[];
}

/** What storing one receipt did. */
export interface DeliveryEventResult {
  /** The same event (provider, message key, dedupe key) was stored before: nothing changed. */
  readonly duplicate: boolean;
  /** The message's current status after this event (the highest ranked seen). */
  readonly status: DeliveryStatus;
  /** Its current status before this event; null when the message was unknown until now. */
  readonly previous: DeliveryStatus | null;
  /** When the store first heard of the message (Unix ms): the send, or the first receipt if it came first. */
  readonly createdAt: number;
  /** The request the message carried; null while no send attempt has linked it. */
  readonly requestId: string | null;
  /** That request's keyed phone hash and country (for the receipt's audit row); null without a request. */
  readonly phoneHash: string | null;
  readonly country: string | null;
}

/** Send attempts, and the delivery history that provider receipts build. */
export interface DeliveryStore {
  /** One provider call of a send (successful or not); with a message key it also opens its delivery record. */
  recordSendAttempt(attempt: SendAttemptInput): Promise<void>;
  listSendAttempts(requestId: string): Promise<SendAttemptRecord[]>;
  /**
   * Stores a receipt; duplicates are ignored and statuses only move forward (DESIGN §5's rank). Answers
   * the current status and the request the message carried (null while no send attempt has linked it).
   */
  recordDeliveryEvent(event: StoredDeliveryEvent): Promise<DeliveryEventResult>;
  getDelivery(messageKey: string): Promise<DeliveryRecord | null>;
  listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]>;
}
