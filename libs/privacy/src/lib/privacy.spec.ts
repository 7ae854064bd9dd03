import { createHmac } from 'node:crypto';
import {
  credentialId,
  KeyedHashes,
  keyMatcher,
  logMessageKey,
  openFallbackPhone,
  seal,
  sealFallbackPhone,
  unseal,
} from '../index';

const SECRET = 'privacy-spec-secret-0123456789abcdef';
const WAMID = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzU2RkQ2';

describe('KeyedHashes', () => {
  const hashes = new KeyedHashes(SECRET);

  it('keeps the phone hash of the first schema, so existing rows still match', () => {
    expect(hashes.phoneHash('+919876543210')).toBe(
      createHmac('sha256', SECRET).update('phone:+919876543210').digest('hex'),
    );
  });

  it('hashes message ids under their own key: stable, not the id, not the phone hash', () => {
    const key = hashes.messageKey(WAMID);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.messageKey(WAMID)).toBe(key);
    expect(key).not.toBe(createHmac('sha256', SECRET).update(WAMID).digest('hex'));
    expect(new KeyedHashes(`${SECRET}x`).messageKey(WAMID)).not.toBe(key);
    // The same text as a phone and as a message id gives unrelated hashes (purpose separation).
    expect(hashes.messageKey('phone:+919876543210')).not.toBe(hashes.phoneHash('+919876543210'));
    expect(logMessageKey(key)).toBe(key.slice(0, 12));
  });

  it('hashes client IPs to 32 hex characters', () => {
    expect(hashes.clientIpHash('203.0.113.7')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashes.clientIpHash('203.0.113.7')).not.toBe(hashes.clientIpHash('203.0.113.8'));
  });

  it('names a credential by a short SHA-256 prefix, never the credential', () => {
    expect(credentialId('backend-key-0123456789abcdef0123456789')).toMatch(/^[0-9a-f]{12}$/);
    expect(credentialId('a')).not.toBe(credentialId('b'));
  });
});

describe('keyMatcher', () => {
  it('answers the id of the matching key among several, and null otherwise', () => {
    const match = keyMatcher([
      'first-key-0123456789abcdef0123456789',
      'second-key-0123456789abcdef012345678',
    ]);
    expect(match('second-key-0123456789abcdef012345678')).toBe(
      credentialId('second-key-0123456789abcdef012345678'),
    );
    expect(match('third')).toBeNull();
    expect(match(undefined)).toBeNull();
    expect(keyMatcher([])('anything')).toBeNull();
  });
});

describe('seal', () => {
  it('opens only with the same secret, purpose and context, and never shows the plaintext', () => {
    const sealed = seal(SECRET, 'idempotent-answer', 'key-1', `{"message_id":"${WAMID}"}`);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('wamid');
    expect(unseal(SECRET, 'idempotent-answer', 'key-1', sealed)).toBe(`{"message_id":"${WAMID}"}`);
    expect(() => unseal(SECRET, 'idempotent-answer', 'key-2', sealed)).toThrow();
    expect(() => unseal(`${SECRET}x`, 'idempotent-answer', 'key-1', sealed)).toThrow();
    expect(() => unseal(SECRET, 'other', 'key-1', sealed)).toThrow();
    expect(() => unseal(SECRET, 'idempotent-answer', 'key-1', `${sealed.slice(0, -2)}AA`)).toThrow();
    expect(() => unseal(SECRET, 'idempotent-answer', 'key-1', 'plain text')).toThrow();
  });

  it('gives a new ciphertext every time', () => {
    expect(seal(SECRET, 'p', 'c', 'same')).not.toBe(seal(SECRET, 'p', 'c', 'same'));
  });

  it('binds a sealed fallback phone to its request: another request id, secret or a plain seal do not open it', () => {
    const sealed = sealFallbackPhone(SECRET, 'req-1', '+919876543210');
    expect(sealed).not.toContain('9876543210');
    expect(openFallbackPhone(SECRET, 'req-1', sealed)).toBe('+919876543210');
    expect(() => openFallbackPhone(SECRET, 'req-2', sealed)).toThrow();
    expect(() => openFallbackPhone(`${SECRET}x`, 'req-1', sealed)).toThrow();
    expect(() => unseal(SECRET, 'fallback-phone', '', sealed)).toThrow();
  });
});
