import { createHmac, randomInt } from 'node:crypto';
import type { pb } from '@agent-mitra/contract';
import type { GrpcLoad } from './grpc-load';
import type { HttpLoad } from './http-load';

/** The code every mock-mode send uses (DESIGN §7). */
export const MOCK_CODE = '123456';

/**
 * Distinct, valid Indian mobile numbers (+91 98xxxxxxxx), one per call, so no per-number limit or
 * cooldown is ever hit and every send is a new request. Starts at a random offset.
 */
export class PhoneSequence {
  private counter = randomInt(0, 50_000_000);

  next(): string {
    this.counter = (this.counter + 1) % 100_000_000;
    return `+9198${String(this.counter).padStart(8, '0')}`;
  }
}

/** `POST /api/v1/otp/send` for a new phone each time (mock mode or real mode alike). */
export function mobileSendLoad(phones: PhoneSequence, onAnswer?: (body: string) => void): HttpLoad {
  return {
    path: '/api/v1/otp/send',
    next: () => ({ body: JSON.stringify({ to_phone: phones.next(), channel: 'sms', purpose: 'login' }) }),
    ...(onAnswer ? { onAnswer } : {}),
  };
}

/** A mock-mode send's answer, ready to be verified once. */
export interface PendingCode {
  readonly toPhone: string;
  readonly requestId: string;
}

/** Reads `data.to` and `data.request_id` from a send's answer into the pool. */
export function collectPending(pool: PendingCode[]): (body: string) => void {
  return (body) => {
    const data = (JSON.parse(body) as { data?: { to?: unknown; request_id?: unknown } }).data;
    if (typeof data?.to === 'string' && typeof data.request_id === 'string') {
      pool.push({ toPhone: data.to, requestId: data.request_id });
    }
  };
}

/**
 * `POST /api/v1/otp/verify` with the right code and the request id, each pending code once, in order.
 * Past the end of the pool (or with an empty one, for the baseline) it sends a well-formed request for
 * a code that does not exist, which the app would answer 404.
 */
export function verifyLoad(pool: readonly PendingCode[]): HttpLoad {
  let index = 0;
  return {
    path: '/api/v1/otp/verify',
    next: () => {
      const pending = pool[index];
      index += 1;
      return {
        body: JSON.stringify({
          to_phone: pending?.toPhone ?? '+919800000000',
          code: MOCK_CODE,
          request_id: pending?.requestId ?? '00000000-0000-4000-8000-000000000000',
        }),
      };
    },
  };
}

/** Meta's `messages` webhook with one `statuses[]` entry (DESIGN §5), shaped like Meta's documented payload. */
function metaNotification(wamid: string, recipient: string, timestamp: number): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              statuses: [
                {
                  id: wamid,
                  status: 'delivered',
                  timestamp: String(timestamp),
                  recipient_id: recipient,
                  conversation: { id: 'a7c2e1f0b9d84c3e', origin: { type: 'authentication' } },
                  pricing: { billable: true, pricing_model: 'CBP', category: 'authentication' },
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/**
 * Signed `POST /webhooks/whatsapp`: each a `delivered` status of a new message (new wamid, new
 * recipient), with `X-Hub-Signature-256` = HMAC-SHA256 of the exact bytes under the app secret.
 */
export function metaStatusesLoad(phones: PhoneSequence, appSecret: string): HttpLoad {
  let counter = 0;
  const run = Date.now().toString(36);
  return {
    path: '/webhooks/whatsapp',
    next: () => {
      counter += 1;
      const recipient = phones.next().slice(1);
      const wamid = `wamid.HBgM${Buffer.from(`${recipient}${run}${counter}`).toString('base64')}`;
      const body = metaNotification(wamid, recipient, Math.floor(Date.now() / 1000));
      const signature = createHmac('sha256', appSecret).update(body).digest('hex');
      return { body, headers: { 'x-hub-signature-256': `sha256=${signature}` } };
    },
  };
}

/** gRPC SendOtp for a new phone each time. */
export function grpcSendLoad(phones: PhoneSequence): GrpcLoad {
  return {
    next: (): pb.SendOtpRequest => ({ to_phone: phones.next(), channel: 'CHANNEL_SMS', purpose: 'login' }),
  };
}
