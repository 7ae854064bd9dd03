export { credentialId, KeyedHashes, logMessageKey } from './lib/keyed-hashes';
export { deriveKey } from './lib/derive-key';
export { seal, unseal } from './lib/seal';
