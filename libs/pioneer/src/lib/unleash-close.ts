import { EventEmitter } from 'node:events';
import type { Unleash } from 'unleash-client';
import type { FetchTracker } from './unleash-fetch-tracker';

/**
 * Stops unleash-client without the crash its destroy() can cause. destroy() removes every listener of
 * the SDK's internal repository; a toggles fetch still running then ends by emitting `error` on it with
 * no listener left — an uncaught exception — and schedules one more poll timer. So we first wait for
 * that fetch to end (bounded by `maxWaitMs`), then destroy, and keep one `error` listener on the
 * repository for a fetch that outlived the wait. Our HTTP agent's idle sockets are closed only when no
 * fetch runs: destroying the socket of one would make the SDK retry it. Returns false when the wait ran out.
 */
export async function closeUnleash(
  unleash: Unleash,
  fetches: FetchTracker,
  maxWaitMs: number,
  onLateError: (error: unknown) => void,
): Promise<boolean> {
  const idle = await fetches.idle(maxWaitMs);
  unleash.destroy();
  const repository: unknown = Reflect.get(unleash, 'repository');
  if (repository instanceof EventEmitter) repository.on('error', onLateError);
  if (idle) fetches.destroy();
  return idle;
}
