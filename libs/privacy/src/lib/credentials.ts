import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * A non-secret id of a credential (API key, gRPC token) for logs and the audit trail: the first 12 hex
 * characters of its SHA-256, so operators can tell which key was used (`printf %s "$KEY" | sha256sum`)
 * without the key being written anywhere. Keys are at least 32 random characters in production.
 */
export function credentialId(credential: string): string {
  return sha256(credential).toString('hex').slice(0, 12);
}

/**
 * Checks a presented credential against a list (several may be valid at once, so keys can be rotated)
 * and answers the `credentialId` of the one that matched, or null. Every key is compared in constant
 * time (over SHA-256 digests, so lengths do not show), and all of them, so the time taken does not tell
 * which one — or whether any — matched.
 */
export function keyMatcher(keys: readonly string[]): (given: string | undefined) => string | null {
  const expected = keys.map((key) => ({ digest: sha256(key), id: credentialId(key) }));
  return (given) => {
    if (given === undefined) return null;
    const actual = sha256(given);
    let matched: string | null = null;
    for (const key of expected) if (timingSafeEqual(key.digest, actual)) matched = key.id;
    return matched;
  };
}
