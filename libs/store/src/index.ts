export type {
  BreakerPermit,
  BreakerRecord,
  BreakerSettings,
  BreakerStore,
  BreakerUpdate,
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
} from './lib/port';
export { openStore, type StoreOptions } from './lib/open-store';
export { SqliteStore } from './lib/sqlite/sqlite-store';
