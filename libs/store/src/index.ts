export type {
  BreakerPermit,
  BreakerRecord,
  BreakerSettings,
  BreakerStore,
  BreakerUpdate,
  CodeOrigin,
  DeliveryEventInput,
  DeliveryTime,
  ErrorCount,
  FailureRecord,
  MessageCounts,
  PeriodStats,
  ReasonCount,
  StatsQuery,
  StatsStore,
  VerifiedCounts,
  DeliveryEventRecord,
  DeliveryEventResult,
  DeliveryRecord,
  FallbackArming,
  FallbackClaim,
  FallbackStore,
  HousekeepingStore,
  IdempotencyClaim,
  IdempotencyClaimInput,
  NewOtpRequest,
  OtpRequestRecord,
  OtpStore,
  PruneTarget,
  QuotaBucket,
  QuotaDecision,
  RequestState,
  SendAttemptInput,
  SendAttemptRecord,
  SendOutcome,
  StoredDeliveryEvent,
} from './lib/port';
export { PRUNE_TARGETS } from './lib/port';
export { openStore, type StoreOptions } from './lib/open-store';
export { PostgresStore, type PostgresStoreOptions } from './lib/postgres/postgres-store';
export { postgresSettings, type PostgresSettings } from './lib/postgres/settings';
export { SqliteStore, type SqliteStoreOptions } from './lib/sqlite/sqlite-store';
export type { MigrationKeys } from './lib/migration-keys';
export type { SqliteLockWait } from './lib/sqlite/connection';
