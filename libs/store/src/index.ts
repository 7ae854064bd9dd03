export type {
  CodeOrigin,
  DeliveryEventInput,
  DeliveryEventRecord,
  DeliveryRecord,
  IdempotencyClaim,
  IdempotencyClaimInput,
  NewOtpRequest,
  OtpRequestRecord,
  OtpStore,
  QuotaBucket,
  QuotaDecision,
  RequestState,
  SendAttemptInput,
  SendAttemptRecord,
  SendOutcome,
  StoredDeliveryEvent,
} from './lib/port';
export { openStore, type StoreOptions } from './lib/open-store';
export { SqliteStore, type SqliteStoreOptions } from './lib/sqlite/sqlite-store';
export type { MigrationKeys } from './lib/migration-keys';
