import { createHmac } from 'node:crypto';
import { OtpError } from '@agent-mitra/errors';
import type { EngineDeps } from './deps';

const DAY_MS = 86_400_000;
/** An answer not recorded within this time means its process died; the key may be used again. */
const STALE_CLAIM_MS = 60_000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs `work` once per Idempotency-Key and body within 24 h (DESIGN §4): a repeat gets the first answer,
 * the same key with another body is IDEMPOTENCY_CONFLICT. Keys and bodies are stored only as keyed hashes.
 */
export async function runOnce<T>(
  deps: EngineDeps,
  scope: string,
  key: string | undefined,
  body: unknown,
  work: () => Promise<T>,
): Promise<T> {
  if (key === undefined || key === '') return work();
  if (!KEY_FORMAT.test(key)) {
    throw new OtpError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  const secret = deps.settings.hashSecret;
  const storedKey = createHmac('sha256', secret).update(`idem:${key}`).digest('hex');
  const fingerprint = createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex');
  const claim = await deps.store.claimIdempotency({
    scope,
    key: storedKey,
    fingerprint,
    now: deps.now(),
    ttlMs: DAY_MS,
    staleAfterMs: STALE_CLAIM_MS,
  });
  if (claim.state === 'replay') return JSON.parse(claim.response) as T;
  if (claim.state === 'conflict') throw new OtpError('IDEMPOTENCY_CONFLICT');
  if (claim.state === 'in_progress') throw new OtpError('IDEMPOTENCY_IN_PROGRESS');
  try {
    const result = await work();
    await deps.store.completeIdempotency(scope, storedKey, JSON.stringify(result));
    return result;
  } catch (error) {
    await deps.store.releaseIdempotency(scope, storedKey).catch(() => undefined);
    throw error;
  }
}
