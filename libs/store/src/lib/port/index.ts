import type { BreakerStore } from './breakers';
import type { DeliveryStore } from './deliveries';
import type { IdempotencyStore } from './idempotency';
import type { QuotaStore } from './quota';
import type { RequestStore } from './requests';

export type * from './breakers';
export type * from './deliveries';
export type * from './idempotency';
export type * from './quota';
export type * from './requests';

/**
 * The store port: everything the processes share, one interface per concern (one file each here, and
 * one file each in every adapter). All times are Unix milliseconds. Phone numbers never reach it in
 * clear: callers pass a keyed hash (for lookups and limits) and a masked form.
 */
export interface OtpStore extends RequestStore, DeliveryStore, QuotaStore, IdempotencyStore, BreakerStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Deletes expired counters and idempotency keys, and requests and receipts past retention. */
  prune(now: number, retentionMs: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
