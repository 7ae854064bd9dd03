export interface QuotaBucket {
  /** What is limited, e.g. `cooldown:public:<phone hash>:sms`; never a phone number or an address in clear. */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export type QuotaDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly key: string; readonly retryAfterMs: number };

/**
 * Fixed-window counters behind every limit (DESIGN §8). A window starts with the first unit taken and
 * lasts `windowMs`; a bucket whose window ended counts from zero again. When several buckets refuse,
 * the decision names the one with the longest wait.
 */
export interface QuotaStore {
  /** Takes one unit from every bucket, or from none when any is exhausted (atomic across processes). */
  consumeQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision>;
  /**
   * Checks without taking: refused when any bucket is exhausted at `now`, exactly as `consumeQuota`
   * would decide, and nothing changes. For budgets that are charged afterwards (verify failures).
   */
  peekQuota(buckets: readonly QuotaBucket[], now: number): Promise<QuotaDecision>;
  /**
   * Adds one unit to every bucket without checking (a window that ended starts again at 1), in one
   * transaction: the charge after an outcome (a wrong code) whose budget `peekQuota` checked before.
   */
  addQuota(buckets: readonly QuotaBucket[], now: number): Promise<void>;
}
