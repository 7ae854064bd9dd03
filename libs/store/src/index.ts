export type {
  AuditAction,
  AuditCallerKind,
  AuditEntry,
  AuditPage,
  AuditQuery,
  AuditRecord,
  BreakerPermit,
  BreakerRecord,
  BreakerSettings,
  BreakerStore,
  BreakerUpdate,
  CodeOrigin,
  DeliveryEventInput,
  DeliveryEventResult,
  DeliveryEventRecord,
  DeliveryRecord,
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
export { AUDIT_ACTIONS, PRUNE_TARGETS } from './lib/port';
export { openStore, type StoreOptions } from './lib/open-store';
export { PostgresStore, type PostgresStoreOptions } from './lib/postgres/postgres-store';
export { postgresSettings, type PostgresSettings } from './lib/postgres/settings';
export { SqliteStore, type SqliteStoreOptions } from './lib/sqlite/sqlite-store';
export type { MigrationKeys } from './lib/migration-keys';
export type { SqliteLockWait } from './lib/sqlite/connection';
