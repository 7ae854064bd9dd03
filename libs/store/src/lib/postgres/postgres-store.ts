import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  BreakerPermit,
  BreakerRecord,
  BreakerSettings,
  BreakerUpdate,
  StoredDeliveryEvent,
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
  CodeTry,
  VerifyLookup,
  VerifyRead,
} from '../port';
import { PostgresAudit } from './audit';
import { PostgresBreakers } from './breakers';
import { PostgresConnection } from './connection';
import { PostgresDeliveries } from './deliveries';
import { PostgresFallbacks } from './fallbacks';
import { prunePostgres } from './housekeeping';
import { PostgresIdempotency } from './idempotency';
import { migratePostgres } from './migrations';
import { PostgresQuota } from './quota';
import { PostgresRequests } from './requests';
import { PostgresSends } from './sends';
import { postgresSettings } from './settings';
import { PostgresStats } from './stats';
import { PostgresVerifications } from './verifications';

export interface PostgresStoreOptions {
  /** Shown in `pg_stat_activity` (unless the URL sets `application_name`). */
  readonly applicationName?: string;
  /** Told when an idle connection breaks (the server restarted); the pool replaces it on the next query. */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * PostgreSQL adapter (node-postgres, pooled): one database shared by any number of instances of every
 * app. Every change is one conditional statement or one short transaction, so races between instances
 * resolve in the database. Each concern of the port lives in its own file (requests.ts, sends.ts, verifications.ts, deliveries.ts,
 * fallbacks.ts, quota.ts, idempotency.ts, breakers.ts, housekeeping.ts, stats.ts, audit.ts); this class
 * composes them over one pool. Open it with `PostgresStore.open`, which migrates first.
 */
export class PostgresStore implements OtpStore {
  readonly kind = 'postgres' as const;
  private readonly requests: PostgresRequests;
  private readonly deliveries: PostgresDeliveries;
  private readonly fallbacks: PostgresFallbacks;
  private readonly quota: PostgresQuota;
  private readonly idempotency: PostgresIdempotency;
  private readonly breakers: PostgresBreakers;
  private readonly stats: PostgresStats;
  private readonly audit: PostgresAudit;
  private readonly sends: PostgresSends;
  private readonly verifications: PostgresVerifications;
  private closing: Promise<void> | null = null;

  private constructor(private readonly connection: PostgresConnection) {
    this.requests = new PostgresRequests(connection);
    this.deliveries = new PostgresDeliveries(connection);
    this.fallbacks = new PostgresFallbacks(connection);
    this.quota = new PostgresQuota(connection);
    this.idempotency = new PostgresIdempotency(connection);
    this.breakers = new PostgresBreakers(connection);
    this.stats = new PostgresStats(connection);
    this.audit = new PostgresAudit(connection);
    this.sends = new PostgresSends(connection, this.quota);
    this.verifications = new PostgresVerifications(connection);
  }

  /** Connects, brings the schema up to date (safe when instances start together), and returns the store. */
  static async open(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const settings = postgresSettings(databaseUrl, options.applicationName);
    const connection = new PostgresConnection(settings, options.onConnectionError ?? (() => undefined));
    try {
      await migratePostgres(connection);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return new PostgresStore(connection);
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
    return prunePostgres(this.connection, target, before, limit);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.audit.appendAudit(entry);
  }
  listAudit(query: AuditQuery): Promise<AuditPage> {
    return this.audit.listAudit(query);
  }

  async ping(): Promise<void> {
    await this.connection.run({ text: 'SELECT 1' });
  }

  close(): Promise<void> {
    return (this.closing ??= this.connection.close());
  }
}
