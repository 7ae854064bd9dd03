export interface IdempotencyClaimInput {
  readonly scope: string;
  readonly key: string;
  /** Hash of the request body: the same key with another body is a conflict. */
  readonly fingerprint: string;
  readonly now: number;
  readonly ttlMs: number;
  /** A claim left without an answer this long (a crashed process) may be taken over. */
  readonly staleAfterMs: number;
}

export type IdempotencyClaim =
  | { readonly state: 'claimed' }
  | { readonly state: 'replay'; readonly response: string }
  | { readonly state: 'conflict' }
  | { readonly state: 'in_progress' };

/** Idempotency-Key claims (DESIGN §4): keys and bodies arrive already hashed. */
export interface IdempotencyStore {
  claimIdempotency(claim: IdempotencyClaimInput): Promise<IdempotencyClaim>;
  completeIdempotency(scope: string, key: string, response: string): Promise<void>;
  releaseIdempotency(scope: string, key: string): Promise<void>;
}
