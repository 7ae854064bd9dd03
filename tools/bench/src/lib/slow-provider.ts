// The slow-provider scenario's conversation with the fake Twilio child (tools/bench/src/children/fake-twilio.ts)
// over IPC: reset its counters, read them, and wait until the app has drained its queue.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Service } from './processes';
import type { ProviderCount } from './summary';

/** Time for the app to finish what was in flight when a slow-provider run stopped. */
const SETTLE_MS = 500;
const SETTLE_LIMIT_MS = 60_000;
/** CPU an idle app may use over one settle window (timers, log flushes): two clock ticks. */
const IDLE_CPU_SECONDS = 0.02;
const ANSWER_TIMEOUT_MS = 10_000;

export type FakeCount = ProviderCount & { readonly arrived: number };

/** Asks the fake provider what it received since its last reset. */
export function askFake(fake: Service, type: 'count' | 'reset'): Promise<FakeCount> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the fake provider did not answer')), ANSWER_TIMEOUT_MS);
    fake.child.once('message', (message: FakeCount) => {
      clearTimeout(timer);
      done(message);
    });
    fake.child.send({ type });
  });
}

/**
 * Waits until the app has finished what was still queued when the load stopped: over one provider delay
 * plus SETTLE_MS, nothing new reached the fake, nothing is in flight there, and the app used almost no
 * CPU (a CPU-starved app can be silent for a while with its queue still full). Gives up after
 * SETTLE_LIMIT_MS.
 */
export async function settle(fake: Service, app: Service, latencyMs: number): Promise<FakeCount> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = await askFake(fake, 'count');
  for (;;) {
    const cpuBefore = app.cpuSeconds();
    await sleep(latencyMs + SETTLE_MS);
    const now = await askFake(fake, 'count');
    const quiet = now.arrived === last.arrived && now.requests === last.requests;
    const idle = app.cpuSeconds() - cpuBefore <= IDLE_CPU_SECONDS;
    if ((quiet && idle && now.arrived === now.accepted) || Date.now() > deadline) return now;
    last = now;
  }
}
