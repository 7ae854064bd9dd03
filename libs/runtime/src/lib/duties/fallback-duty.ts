import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { OtpEngine } from '@agent-mitra/otp-engine';
import type { Duty } from './duty-runner';

export interface FallbackDutyOptions {
  readonly engine: { runDueFallbacks(limit: number): ReturnType<OtpEngine['runDueFallbacks']> };
  /** Pause between runs (default 1 s: a due fallback waits at most about this long). */
  readonly everyMs?: number;
  /** Fallbacks claimed per batch (default 20). */
  readonly batchSize?: number;
  /** Batches per run, so a backlog cannot hold the duty for long (default 10). */
  readonly maxBatchesPerRun?: number;
}

/**
 * The late SMS fallback duty (DESIGN §2, §5): every otp-service runs it about once a second; each run
 * claims the due fallbacks (a WhatsApp `failed` receipt, or no delivery within
 * OTP_FALLBACK_AFTER_SECONDS) atomically in the store and sends them, so N instances send each once.
 */
export function createFallbackDuty(options: FallbackDutyOptions): Duty {
  const batchSize = options.batchSize ?? 20;
  const maxBatches = options.maxBatchesPerRun ?? 10;
  return {
    name: 'late-fallback',
    everyMs: options.everyMs ?? 1_000,
    run: async (signal) => {
      for (let batch = 0; batch < maxBatches && !signal.aborted; batch += 1) {
        if ((await options.engine.runDueFallbacks(batchSize)) < batchSize) return;
        await yieldToEventLoop();
      }
    },
  };
}
