/**
 * What a schema migration needs to rewrite existing rows without keeping anything in clear: the keyed
 * hash of a provider message id (`KeyedHashes.messageKey` from libs/privacy, keyed by OTP_HASH_SECRET).
 * Every adapter's migrations take it; a database with nothing to rewrite does not need it.
 */
export interface MigrationKeys {
  readonly messageKey: (messageId: string) => string;
}
