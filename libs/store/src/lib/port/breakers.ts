import type { BreakerState } from '@agent-mitra/contract';

/** How a breaker behaves; passed on each call so the store keeps no configuration of its own. */
export interface BreakerSettings {
  /** Consecutive failed calls that open a closed breaker (SMS_PROVIDER_FAILURE_THRESHOLD). */
  readonly failureThreshold: number;
  /** Milliseconds an open breaker refuses calls before it lets one probe through (cooldown). */
  readonly cooldownMs: number;
  /**
   * Milliseconds a granted probe holds the half-open breaker; past it (the prober crashed or hung),
   * another caller may probe. At least the longest a provider call can take.
   */
  readonly probeLeaseMs: number;
}

/** One breaker as stored: shared by every process and instance. Times are Unix milliseconds. */
export interface BreakerRecord {
  /** What is guarded, e.g. `sms:msg91`. */
  readonly name: string;
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** When it last opened; null while closed. */
  readonly openedAt: number | null;
  /** Until when the current half-open probe holds it; null when no probe is out. */
  readonly probeUntil: number | null;
  readonly updatedAt: number;
}

/** The answer to "may I call now?": `probe` says this caller is the one half-open probe. */
export type BreakerPermit =
  | { readonly allowed: true; readonly state: BreakerState; readonly probe: boolean }
  | { readonly allowed: false; readonly state: BreakerState; readonly retryAfterMs: number };

/** What a recorded outcome did: the state before and the record after (a transition when they differ). */
export interface BreakerUpdate {
  readonly previous: BreakerState;
  readonly record: BreakerRecord;
}

/**
 * Circuit breakers shared across processes (DESIGN §10). Each method is one atomic step in the store,
 * so N instances count the same consecutive failures and grant one half-open probe at a time.
 */
export interface BreakerStore {
  /**
   * closed → allowed. open → refused until `openedAt + cooldownMs`, then moves to half_open and grants
   * this caller the probe. half_open → refused while a probe's lease runs, else grants a new probe.
   * A breaker never seen is closed.
   */
  acquireBreaker(name: string, now: number, settings: BreakerSettings): Promise<BreakerPermit>;
  /**
   * success → closed with no failures (from any state). failure → one more consecutive failure: a
   * closed breaker opens at the threshold, a half-open one opens again (new cooldown), an open one
   * stays open as it was.
   */
  recordBreakerOutcome(
    name: string,
    outcome: 'success' | 'failure',
    now: number,
    settings: BreakerSettings,
  ): Promise<BreakerUpdate>;
  /** Every breaker ever recorded, by name. */
  listBreakers(): Promise<BreakerRecord[]>;
}
