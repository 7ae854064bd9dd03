import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Config } from '@agent-mitra/config';
import type { Logger } from '@agent-mitra/observability';
import type { OtpStore, PruneTarget } from '@agent-mitra/store';
import type { Duty } from './duty-runner';

const DAY_MS = 86_400_000;

/** One table's retention: rows whose time column is older than `keepMs` before now are deleted. */
export interface RetentionRule {
  readonly target: PruneTarget;
  /** 0: as soon as they are due (an ended window, an expired key). */
  readonly keepMs: number;
}

/**
 * What housekeeping deletes, and after how long (DESIGN §6): requests and delivery histories after
 * `DELIVERY_RETENTION_DAYS`, the audit trail after `AUDIT_RETENTION_DAYS`. Another table with a retention
 * is one more entry here and one more target in the store port.
 */
export function retentionRules(config: Pick<Config, 'retention'>): RetentionRule[] {
  const deliveryMs = config.retention.deliveryDays * DAY_MS;
  return [
    { target: 'rate_counters', keepMs: 0 },
    { target: 'idempotency_keys', keepMs: 0 },
    { target: 'otp_requests', keepMs: deliveryMs },
    { target: 'deliveries', keepMs: deliveryMs },
    { target: 'audit_log', keepMs: config.retention.auditDays * DAY_MS },
  ];
}

export interface PruneDutyOptions {
  readonly store: Pick<OtpStore, 'pruneBatch'>;
  readonly rules: readonly RetentionRule[];
  readonly logger: Pick<Logger, 'info'>;
  readonly clock?: () => number;
  /** Rows per batch, each batch one short transaction (default 500). */
  readonly batchSize?: number;
  /** Batches per table per run, so one run stays short; the rest waits for the next run (default 100). */
  readonly maxBatchesPerRun?: number;
  readonly everyMs?: number;
}

/**
 * The housekeeping duty: for each rule, delete due rows in small batches on the indexed time column,
 * yielding to the event loop between batches, until a batch comes back short. Batches are claimed once
 * across instances by the store (HousekeepingStore.pruneBatch), so every otp-service may run it.
 */
export function createPruneDuty(options: PruneDutyOptions): Duty {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatchesPerRun ?? 100;
  const clock = options.clock ?? Date.now;
  return {
    name: 'prune',
    everyMs: options.everyMs ?? 60_000,
    run: async (signal) => {
      const now = clock();
      const deleted: Partial<Record<PruneTarget, number>> = {};
      for (const rule of options.rules) {
        for (let batch = 0; batch < maxBatches && !signal.aborted; batch += 1) {
          const count = await options.store.pruneBatch(rule.target, now - rule.keepMs, batchSize);
          if (count > 0) deleted[rule.target] = (deleted[rule.target] ?? 0) + count;
          if (count < batchSize) break;
          await yieldToEventLoop();
        }
      }
      if (Object.keys(deleted).length > 0) options.logger.info({ deleted }, 'housekeeping: pruned');
    },
  };
}
