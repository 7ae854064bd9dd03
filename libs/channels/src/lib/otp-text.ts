/** Whole minutes a code stays valid, at least one: 300 s → 5. */
export function validityMinutes(ttlSeconds: number): number {
  return Math.max(1, Math.round(ttlSeconds / 60));
}
