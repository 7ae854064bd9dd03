/** Whole minutes a code stays valid, at least one: 300 s → 5. */
export function validityMinutes(ttlSeconds: number): number {
  return Math.max(1, Math.round(ttlSeconds / 60));
}

/**
 * The text of an OTP message (DESIGN §7). With an Android SMS Retriever hash, it goes on its own last
 * line so the app can read the code without the SMS permission.
 */
export function formatOtpText(code: string, ttlSeconds: number, androidAppHash?: string): string {
  const minutes = validityMinutes(ttlSeconds);
  const text = `Your Agent Mitra verification code is: ${code}. Valid for ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  return androidAppHash ? `${text}\n\n${androidAppHash}` : text;
}
