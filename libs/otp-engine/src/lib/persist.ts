import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineDeps } from './deps';

/** Pauses between tries of a store write that must not be lost (ms): 4 tries within about a second. */
export const PERSIST_BACKOFF_MS: readonly number[] = [100, 300, 600];

/**
 * A store write after a provider already accepted a message (issue 11 item 5): the code is on its way,
 * so a store failure must not turn the send into an error the app would retry (a second code) or lose
 * the `request_id` the user needs to verify. The write is tried again after PERSIST_BACKOFF_MS; if it
 * still fails, one `error` log says what was not recorded, and the send goes on (answers true when
 * written). Store work is idempotent or conditional, so a try that did commit before failing is harmless
 * to repeat — except attempts, which may then show twice.
 */
export async function persistAfterSend(
  deps: EngineDeps,
  what: string,
  requestId: string,
  write: () => Promise<unknown>,
): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await write();
      return true;
    } catch (error) {
      const pause = PERSIST_BACKOFF_MS[attempt];
      if (pause === undefined) {
        deps.logger.error(
          { err: error, request_id: requestId, what },
          'store write failed after the provider accepted the message; answering anyway',
        );
        return false;
      }
      deps.logger.warn({ request_id: requestId, what, retry_in_ms: pause }, 'store write failed; retrying');
      await sleep(pause);
    }
  }
}
