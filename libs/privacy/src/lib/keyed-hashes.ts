import { createHmac } from 'node:crypto';
import { deriveKey } from './derive-key';

/**
 * The keyed hashes under which personal identifiers are stored, limited and logged (DESIGN §5, §9).
 * One instance per process, built from OTP_HASH_SECRET; every hash is HMAC-SHA256, hex.
 */
export class KeyedHashes {
  private readonly messageIdKey: Buffer;
  private readonly clientIpKey: Buffer;

  constructor(private readonly secret: string) {
    this.messageIdKey = deriveKey(secret, 'message-id');
    this.clientIpKey = deriveKey(secret, 'client-ip');
  }

  /**
   * The key of a phone number (E.164) in the store and the limit counters: HMAC(secret, `phone:<e164>`),
   * 64 hex characters. Unchanged since the first schema, so existing rows and counters still match.
   */
  phoneHash(e164: string): string {
    return createHmac('sha256', this.secret).update(`phone:${e164}`).digest('hex');
  }

  /**
   * The key of a number prefix (an E.164 number without its last digits, e.g. `+919876543`) in the
   * per-prefix budget: HMAC(secret, `prefix:<prefix>`), 64 hex characters.
   */
  prefixHash(prefix: string): string {
    return createHmac('sha256', this.secret).update(`prefix:${prefix}`).digest('hex');
  }

  /**
   * The key of a provider message id (Twilio MessageSid, WhatsApp wamid — which encodes the recipient's
   * number —, a mock id), over the id exactly as the provider gave it, so a lookup by id alone works.
   * 64 hex characters, under a key derived for this purpose only.
   */
  messageKey(messageId: string): string {
    return createHmac('sha256', this.messageIdKey).update(messageId).digest('hex');
  }

  /**
   * The key of a client IP address (or address block, e.g. an IPv6 /64) in the per-IP counters and the
   * audit trail: 32 hex characters.
   */
  clientIpHash(ip: string): string {
    return createHmac('sha256', this.clientIpKey).update(ip).digest('hex').slice(0, 32);
  }
}

/** What logs carry instead of a provider message id: the first 12 hex characters of its keyed hash. */
export function logMessageKey(messageKey: string): string {
  return messageKey.slice(0, 12);
}
