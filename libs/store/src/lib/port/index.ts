import type { AuditStore } from './audit';
import type { BreakerStore } from './breakers';
import type { DeliveryStore } from './deliveries';
import type { FallbackStore } from './fallbacks';
import type { HousekeepingStore } from './housekeeping';
import type { IdempotencyStore } from './idempotency';
import type { QuotaStore } from './quota';
import type { RequestStore } from './requests';
import type { SendStore } from './sends';
import type { StatsStore } from './stats';
import type { VerificationStore } from './verifications';

export * from './audit';
export type * from './breakers';
export type * from './deliveries';
export type * from './fallbacks';
export * from './housekeeping';
export type * from './idempotency';
export type * from './quota';
export type * from './requests';
export type * from './sends';
export type * from './stats';
export type * from './verifications';

/**
 * The store port: everything the processes share, one interface per concern (one file each here, and
 * one file each in every adapter). All times are Unix milliseconds. Phone numbers and provider message
 * ids never reach it in clear: callers pass keyed hashes (for lookups and limits) and a masked number.
 */
export interface OtpStore
  extends
    RequestStore,
    SendStore,
    VerificationStore,
    DeliveryStore,
    FallbackStore,
    QuotaStore,
    IdempotencyStore,
    HousekeepingStore,
    BreakerStore,
    StatsStore,
    AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves when the database answers; STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
