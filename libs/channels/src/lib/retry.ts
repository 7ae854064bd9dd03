import type { Failure } from './provider-failure';

export type Outcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: Failure };

/** Time, waiting and chance: injectable so that tests retry without waiting real seconds. */
export interface RetryTiming {
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
}

export interface RetryOptions extends Partial<RetryTiming> {
  /** No new attempt starts once this much time has passed since the first one (0 = never retry). */
  readonly budgetMs: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 2_000;

const sleep = (milliseconds: number) => new Promise<void>((done) => setTimeout(done, milliseconds));

/** Exponential backoff with full jitter: a random wait in [0, min(max, base · 2^(n−1))) before retry n. */
export function backoffDelayMs(retry: number, options: RetryOptions): number {
  const ceiling = Math.min(
    options.maxDelayMs ?? MAX_DELAY_MS,
    (options.baseDelayMs ?? BASE_DELAY_MS) * 2 ** (retry - 1),
  );
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails in a way retrying cannot cure, or the next wait would end past
 * the budget. A Retry-After longer than the backoff is respected. Answers the last outcome; never throws
 * what `attempt` does not.
 */
export async function withRetry<T>(
  attempt: () => Promise<Outcome<T>>,
  options: RetryOptions,
  onRetry?: (failure: Failure, retry: number, delayMs: number) => void,
): Promise<Outcome<T>> {
  const now = options.now ?? Date.now;
  const started = now();
  for (let retry = 1; ; retry += 1) {
    const outcome = await attempt();
    if (outcome.ok || !outcome.failure.retryable) return outcome;
    const delayMs = Math.max(backoffDelayMs(retry, options), outcome.failure.retryAfterMs ?? 0);
    if (now() - started + delayMs >= options.budgetMs) return outcome;
    onRetry?.(outcome.failure, retry, delayMs);
    await (options.sleep ?? sleep)(delayMs);
  }
}
