import { fakeTiming } from '../testing/channel-testing';
import { ProviderError } from './provider-error';
import type { Failure } from './provider-failure';
import { backoffDelayMs, withRetry, type Outcome } from './retry';

const failure = (retryable: boolean, retryAfterMs: number | null = null): Failure => ({
  error: new ProviderError('twilio', retryable ? 'unavailable' : 'rejected', null, 'x', false),
  retryable,
  retryAfterMs,
  fix: null,
});

/** An attempt that fails with these outcomes in turn, then succeeds; counts its calls. */
function script(...failures: Failure[]) {
  let calls = 0;
  const attempt = (): Promise<Outcome<string>> => {
    const next = failures[calls];
    calls += 1;
    return Promise.resolve(next ? { ok: false, failure: next } : { ok: true, value: 'done' });
  };
  return { attempt, calls: () => calls };
}

describe('backoffDelayMs', () => {
  it('draws a full-jitter wait below min(max, base·2^(n−1))', () => {
    const top = { budgetMs: 1, random: () => 0.9999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, top))).toEqual([199, 399, 799, 1599, 1999, 1999]);
    expect(backoffDelayMs(3, { budgetMs: 1, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(2, { budgetMs: 1, random: () => 0.5, baseDelayMs: 1_000, maxDelayMs: 1_500 })).toBe(
      750,
    );
  });
});

describe('withRetry', () => {
  it('retries retryable failures until success', async () => {
    const { timing, delays } = fakeTiming();
    const run = script(failure(true), failure(true));
    expect(await withRetry(run.attempt, { budgetMs: 10_000, ...timing })).toEqual({
      ok: true,
      value: 'done',
    });
    expect(run.calls()).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('never retries a failure the classifier calls permanent', async () => {
    const run = script(failure(false));
    const outcome = await withRetry(run.attempt, { budgetMs: 10_000, ...fakeTiming().timing });
    expect(outcome.ok).toBe(false);
    expect(run.calls()).toBe(1);
  });

  it('waits at least the Retry-After, and gives up at once when that would overrun the budget', async () => {
    const { timing, delays } = fakeTiming();
    const run = script(failure(true, 1_500), failure(true, 60_000));
    const outcome = await withRetry(run.attempt, { budgetMs: 10_000, ...timing });
    expect(outcome.ok).toBe(false);
    expect(delays).toEqual([1_500]);
    expect(run.calls()).toBe(2);
  });

  it('does not retry with a budget of 0', async () => {
    const run = script(failure(true));
    expect((await withRetry(run.attempt, { budgetMs: 0, ...fakeTiming().timing })).ok).toBe(false);
    expect(run.calls()).toBe(1);
  });
});
