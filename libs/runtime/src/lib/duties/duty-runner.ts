import type { Logger } from '@agent-mitra/observability';

/**
 * A background duty of the otp-service (DESIGN §2): pruning, and the late SMS fallbacks.
 * Every instance runs every duty; a duty claims each item it works on atomically in the store, so N
 * instances do the work once. A run must be short: it works in small batches and checks `signal`
 * between them, stopping early when the app stops.
 */
export interface Duty {
  /** Shown in logs, e.g. `prune`. */
  readonly name: string;
  /** Pause between the end of one run and the start of the next, in ms. */
  readonly everyMs: number;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs duties on timers, one run of a duty at a time, each duty on its own schedule. The first run of
 * each waits a random part of its period, so instances started together spread out. A failed run is
 * logged (warn) and the schedule goes on. Timers never keep the process alive; `stop()` aborts the
 * running duties and resolves once they have returned.
 */
export class DutyRunner {
  private readonly abort = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private started = false;

  constructor(
    private readonly duties: readonly Duty[],
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
    private readonly firstDelay: (duty: Duty) => number = (duty) => Math.random() * duty.everyMs,
  ) {}

  start(): void {
    if (this.started || this.duties.length === 0) return;
    this.started = true;
    for (const duty of this.duties) this.schedule(duty, this.firstDelay(duty));
    this.logger.info({ duties: this.duties.map((duty) => duty.name) }, 'background duties started');
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
  }

  private schedule(duty: Duty, delayMs: number): void {
    if (this.abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.runOnce(duty).finally(() => {
        this.running.delete(run);
        this.schedule(duty, duty.everyMs);
      });
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async runOnce(duty: Duty): Promise<void> {
    try {
      await duty.run(this.abort.signal);
    } catch (error) {
      this.logger.warn({ err: error, duty: duty.name }, 'background duty failed; it will run again');
    }
  }
}
