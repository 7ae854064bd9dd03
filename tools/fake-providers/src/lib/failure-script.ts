import type { Answer, FakeProviderName, ScriptedFailure } from './types';

/** The failures tests scripted with failNext, answered in order, each as many times as asked. */
export class FailureScript {
  private readonly queue: { failure: ScriptedFailure; left: number }[] = [];

  push(failure: ScriptedFailure): void {
    this.queue.push({ failure, left: failure.times ?? 1 });
  }

  /** The answer for the next request to that provider, or null to answer normally. */
  take(provider: FakeProviderName): Answer | null {
    const next = this.queue.find((entry) => entry.failure.provider === provider);
    if (!next) return null;
    next.left -= 1;
    if (next.left <= 0) this.queue.splice(this.queue.indexOf(next), 1);
    const { failure } = next;
    if ('reset' in failure) return { reset: true };
    return {
      status: failure.status,
      body: failure.body ?? {},
      ...(failure.headers ? { headers: failure.headers } : {}),
    };
  }

  clear(): void {
    this.queue.length = 0;
  }
}
