import { createHmac } from 'node:crypto';
import { OtpError } from '@agent-mitra/errors';
import { seal, unseal } from '@agent-mitra/privacy';
import type { EngineDeps } from './deps';
import type { Caller } from './types';

const DAY_MS = 86_400_000;
/** An answer not recorded within this time means its process died; the key may be used again. */
const STALE_CLAIM_MS = 60_000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const SEAL_PURPOSE = 'idempotent-answer';

/** How an answer is kept: `store` drops what must not be at rest, `restore` rebuilds it on replay. */
export interface AnswerCodec<T, Stored> {
  store(answer: T): Stored;
  restore(stored: Stored): T;
}

export interface OnceOptions<T, Stored> {
  readonly caller: Caller;
  readonly key: string | undefined;
  /** What makes two requests "the same" (kept only as a keyed hash). */
  readonly body: unknown;
  readonly codec: AnswerCodec<T, Stored>;
}

/**
 * Runs `work` once per caller, Idempotency-Key and body within 24 h (DESIGN §4): a repeat gets the first
 * answer, the same key with another body is IDEMPOTENCY_CONFLICT. The key and the body are stored only as
 * keyed hashes; the answer is sealed (AES-256-GCM) under a key derived from OTP_HASH_SECRET and the raw
 * Idempotency-Key, after `codec.store` has taken out what is rebuilt from the request (the full number).
 */
export async function runOnce<T, Stored>(
  deps: EngineDeps,
  options: OnceOptions<T, Stored>,
  work: () => Promise<T>,
): Promise<T> {
  const { key, codec } = options;
  if (key === undefined || key === '') return work();
  if (!KEY_FORMAT.test(key)) {
    throw new OtpError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  }
  const secret = deps.settings.hashSecret;
  const scope = `send:${options.caller.kind}:${options.caller.id ?? '-'}`;
  const storedKey = createHmac('sha256', secret).update(`idem:${key}`).digest('hex');
  const fingerprint = createHmac('sha256', secret).update(JSON.stringify(options.body)).digest('hex');
  const claim = await deps.store.claimIdempotency({
    scope,
    key: storedKey,
    fingerprint,
    now: deps.now(),
    ttlMs: DAY_MS,
    staleAfterMs: STALE_CLAIM_MS,
  });
  if (claim.state === 'replay') {
    return codec.restore(JSON.parse(unseal(secret, SEAL_PURPOSE, key, claim.response)) as Stored);
  }
  if (claim.state === 'conflict') throw new OtpError('IDEMPOTENCY_CONFLICT');
  if (claim.state === 'in_progress') throw new OtpError('IDEMPOTENCY_IN_PROGRESS');
  try {
    const result = await work();
    const sealed = seal(secret, SEAL_PURPOSE, key, JSON.stringify(codec.store(result)));
    await deps.store.completeIdempotency(scope, storedKey, sealed);
    return result;
  } catch (error) {
    await deps.store.releaseIdempotency(scope, storedKey).catch(() => undefined);
    throw error;
  }
}
