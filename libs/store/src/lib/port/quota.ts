export interface QuotaBucket {
  /** What is limited, e.g. `cooldown:<phone hash>:sms`; never a phone number in clear. */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type QuotaDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly key: string; readonly retryAfterMs: number };

/** Fixed-window counters behind every limit (DESIGN §8). */
export interface QuotaStore {
  /** Takes one unit from every bucket, or from none when any is exhausted (atomic across processes). */
  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision>;
}
