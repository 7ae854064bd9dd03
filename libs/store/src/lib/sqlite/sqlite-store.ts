import type { MigrationKeys } from '../migration-keys';
import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  BreakerPermit,
  BreakerRecord,
  BreakerSettings,
  BreakerUpdate,
  DeliveryEventResult,
  DeliveryRecord,
  FallbackClaim,
  IdempotencyClaim,
  IdempotencyClaimInput,
  NewOtpRequest,
  CallerClass,
  OtpRequestRecord,
  OtpStore,
  PeriodStats,
  PruneTarget,
  QuotaBucket,
  QuotaDecision,
  SendAttemptInput,
  SendAttemptRecord,
  SendClosing,
  SendOpening,
  SendOutcome,
  StatsQuery,
  StoredDeliveryEvent,
  CodeTry,
  VerifyLookup,
  VerifyRead,
} from '../port';
import { SqliteAudit } from './audit';
import { SqliteBreakers } from './breakers';
import { DEFAULT_LOCK_WAIT, SqliteConnection, type SqliteLockWait } from './connection';
import { SqliteDeliveries } from './deliveries';
import { SqliteFallbacks } from './fallbacks';
import { SqliteHousekeeping } from './housekeeping';
import { SqliteIdempotency } from './idempotency';
import { SqliteQuota } from './quota';
import { SqliteRequests } from './requests';
import { SqliteSends } from './sends';
import { SqliteStats } from './stats';
import { SqliteVerifications } from './verifications';

/**
 * SQLite adapter (better-sqlite3): one file shared by the processes of one machine. WAL lets readers run
 * beside the one writer; every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, so limits,
 * attempt counts and statuses stay exact across processes, and a lock held by another process is waited
 * for without blocking this one (`lockWait`, see connection.ts). Each concern of the port lives in its own
 * file (requests.ts, sends.ts, verifications.ts, deliveries.ts, fallbacks.ts, quota.ts, idempotency.ts,
 * breakers.ts, housekeeping.ts, stats.ts, audit.ts); this class only composes them over one connection.
 */
export interface SqliteStoreOptions {
  /** Needed once, by the migration that hashes the message ids of a file written before it. */
  readonly migrationKeys?: MigrationKeys | undefined;
  /** How long store work may wait for another process's write lock; DEFAULT_LOCK_WAIT by default. */
  readonly lockWait?: SqliteLockWait;
}

export class SqliteStore implements OtpStore {
  readonly kind = 'sqlite' as const;
  private readonly connection: SqliteConnection;
  private readonly requests: SqliteRequests;
  private readonly deliveries: SqliteDeliveries;
  private readonly fallbacks: SqliteFallbacks;
  private readonly quota: SqliteQuota;
  private readonly idempotency: SqliteIdempotency;
  private readonly housekeeping: SqliteHousekeeping;
  private readonly breakers: SqliteBreakers;
  private readonly stats: SqliteStats;
  private readonly audit: SqliteAudit;
  private readonly sends: SqliteSends;
  private readonly verifications: SqliteVerifications;

  constructor(filename: string, options: SqliteStoreOptions = {}) {
    this.connection = new SqliteConnection(filename, {
      lockWait: options.lockWait ?? DEFAULT_LOCK_WAIT,
      migrationKeys: options.migrationKeys,
    });
    this.requests = new SqliteRequests(this.connection);
    this.deliveries = new SqliteDeliveries(this.connection);
    this.fallbacks = new SqliteFallbacks(this.connection);
    this.quota = new SqliteQuota(this.connection);
    this.idempotency = new SqliteIdempotency(this.connection);
    this.housekeeping = new SqliteHousekeeping(this.connection);
    this.breakers = new SqliteBreakers(this.connection);
    this.stats = new SqliteStats(this.connection);
    this.audit = new SqliteAudit(this.connection);
    const parts = {
      quota: this.quota,
      requests: this.requests,
      deliveries: this.deliveries,
      audit: this.audit,
    };
    this.sends = new SqliteSends(this.connection, parts);
    this.verifications = new SqliteVerifications(this.connection, parts);
  }

  openSend(opening: SendOpening): Promise<QuotaDecision> {
    return this.sends.openSend(opening);
  }
  closeSend(closing: SendClosing): Promise<void> {
    return this.sends.closeSend(closing);
  }

  readForVerify(lookup: VerifyLookup): Promise<VerifyRead> {
    return this.verifications.readForVerify(lookup);
  }
  tryCode(attempt: CodeTry): Promise<number | null> {
    return this.verifications.tryCode(attempt);
  }

  createRequest(request: NewOtpRequest): Promise<void> {
    return this.requests.createRequest(request);
  }
  getRequest(id: string): Promise<OtpRequestRecord | null> {
    return this.requests.getRequest(id);
  }
  findLatestPending(phoneHash: string, callerClass?: CallerClass): Promise<OtpRequestRecord | null> {
    return this.requests.findLatestPending(phoneHash, callerClass);
  }
  findMockRequest(messageKey: string): Promise<OtpRequestRecord | null> {
    return this.requests.findMockRequest(messageKey);
  }
  completeSend(requestId: string, outcome: SendOutcome): Promise<void> {
    return this.requests.completeSend(requestId, outcome);
  }
  registerAttempt(requestId: string, now: number): Promise<number | null> {
    return this.requests.registerAttempt(requestId, now);
  }
  markVerified(requestId: string, at: number, codeHash?: string): Promise<boolean> {
    return this.requests.markVerified(requestId, at, codeHash);
  }

  recordSendAttempt(attempt: SendAttemptInput): Promise<void> {
    return this.deliveries.recordSendAttempt(attempt);
  }
  listSendAttempts(requestId: string): Promise<SendAttemptRecord[]> {
    return this.deliveries.listSendAttempts(requestId);
  }
  recordDeliveryEvent(event: StoredDeliveryEvent): Promise<DeliveryEventResult> {
    return this.deliveries.recordDeliveryEvent(event);
  }
  getDelivery(messageKey: string): Promise<DeliveryRecord | null> {
    return this.deliveries.getDelivery(messageKey);
  }
  listDeliveriesForRequest(requestId: string): Promise<DeliveryRecord[]> {
    return this.deliveries.listDeliveriesForRequest(requestId);
  }

  markFallbackDue(messageKey: string, now: number): Promise<boolean> {
    return this.fallbacks.markFallbackDue(messageKey, now);
  }
  cancelFallback(messageKey: string): Promise<boolean> {
    return this.fallbacks.cancelFallback(messageKey);
  }
  claimDueFallbacks(now: number, leaseMs: number, limit: number): Promise<FallbackClaim[]> {
    return this.fallbacks.claimDueFallbacks(now, leaseMs, limit);
  }
  startFallback(claim: FallbackClaim, codeHash: string, now: number): Promise<boolean> {
    return this.fallbacks.startFallback(claim, codeHash, now);
  }
  releaseFallback(claim: FallbackClaim): Promise<void> {
    return this.fallbacks.releaseFallback(claim);
  }
  forgetExpiredFallbacks(now: number, limit: number): Promise<number> {
    return this.fallbacks.forgetExpiredFallbacks(now, limit);
  }

  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    return this.quota.consumeQuota(buckets, now);
  }
  peekQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision> {
    return this.quota.peekQuota(buckets, now);
  }
  addQuota(buckets: readonly QuotaBucket[], now: number): Promise<void> {
    return this.quota.addQuota(buckets, now);
  }

  claimIdempotency(claim: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    return this.idempotency.claimIdempotency(claim);
  }
  completeIdempotency(scope: string, key: string, response: string): Promise<void> {
    return this.idempotency.completeIdempotency(scope, key, response);
  }
  releaseIdempotency(scope: string, key: string): Promise<void> {
    return this.idempotency.releaseIdempotency(scope, key);
  }

  acquireBreaker(name: string, now: number, settings: BreakerSettings): Promise<BreakerPermit> {
    return this.breakers.acquireBreaker(name, now, settings);
  }
  recordBreakerOutcome(
    name: string,
    outcome: 'success' | 'failure',
    now: number,
    settings: BreakerSettings,
  ): Promise<BreakerUpdate> {
    return this.breakers.recordBreakerOutcome(name, outcome, now, settings);
  }
  listBreakers(): Promise<BreakerRecord[]> {
    return this.breakers.listBreakers();
  }

  periodStats(query: StatsQuery): Promise<PeriodStats> {
    return this.stats.periodStats(query);
  }

  pruneBatch(target: PruneTarget, before: number, limit: number): Promise<number> {
    return this.housekeeping.pruneBatch(target, before, limit);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.audit.appendAudit(entry);
  }
  listAudit(query: AuditQuery): Promise<AuditPage> {
    return this.audit.listAudit(query);
  }

  ping(): Promise<void> {
    return this.connection.run(() => {
      this.connection.db.prepare('SELECT 1').get();
    });
  }

  close(): Promise<void> {
    this.connection.close();
    return Promise.resolve();
  }
}
