export { KeyedHashes, logMessageKey } from './lib/keyed-hashes';
export { credentialId, keyMatcher } from './lib/credentials';
export { deriveKey } from './lib/derive-key';
export { openFallbackPhone, seal, sealFallbackPhone, unseal, type SealOptions } from './lib/seal';
