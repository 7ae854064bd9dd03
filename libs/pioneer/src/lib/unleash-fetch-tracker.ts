import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * Knows whether unleash-client is fetching toggles, which the SDK does not expose. We give the SDK our
 * own HTTP agent (`httpOptions.agent`): it asks for it, with the URL, at the start of every request
 * (retries included), synchronously from its poll timer. A fetch ends with the SDK's `changed`,
 * `unchanged`, `error` or fetch `warn` event, which the owner reports through `ended()`.
 */
export class FetchTracker {
  readonly agent: HttpAgent;
  private inFlight = false;
  private waiters: Array<() => void> = [];

  constructor(url: string, timeoutMs: number) {
    const options = { keepAlive: true, timeout: timeoutMs };
    this.agent = url.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /** For the SDK's `httpOptions.agent`. */
  readonly agentFor = (url: URL): HttpAgent => {
    if (url.pathname.endsWith('/client/features')) this.inFlight = true;
    return this.agent;
  };

  ended(): void {
    this.inFlight = false;
    const waiters = this.waiters.splice(0);
    // One macrotask later: the SDK has then scheduled its next poll, which destroy() can cancel.
    if (waiters.length > 0) setImmediate(() => waiters.forEach((wake) => wake()));
  }

  /** True once no fetch runs; false if one still ran after `maxWaitMs`. */
  idle(maxWaitMs: number): Promise<boolean> {
    if (!this.inFlight) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), maxWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Closes the agent's idle keep-alive sockets. */
  destroy(): void {
    this.agent.destroy();
  }
}
