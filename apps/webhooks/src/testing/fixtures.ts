// Webhook bodies shaped like the providers' documented payloads, and their signatures made the way the
// providers make them: Meta's HMAC over the exact bytes, Twilio's with the SDK's own function.
import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { TEST_SECRETS } from './harness';

/** The recipient in every fixture; it must never appear in clear in the store or the logs. */
export const PHONE = '+919876543210';
export const PHONE_DIGITS = '919876543210';
export const PHONE_MASKED = '+91******3210';

/** Every signature handed out, so specs can check none was logged. */
export const issuedSignatures = new Set<string>();

export function signMeta(
  body: string | Buffer,
  secret: string = TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET,
): string {
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  issuedSignatures.add(signature);
  return signature;
}

export function signTwilio(
  url: string,
  params: Record<string, string>,
  token: string = TEST_SECRETS.TWILIO_AUTH_TOKEN,
): string {
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  issuedSignatures.add(signature);
  return signature;
}

type MetaStatusName = 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';

/** One `statuses[]` object as Meta documents it (conversation and pricing on sent/delivered/read). */
export function metaStatus(
  id: string,
  status: MetaStatusName,
  timestamp: number,
  extra: Record<string, unknown> = {},
) {
  const billing =
    status === 'failed'
      ? {}
      : {
          conversation: {
            id: 'a7c2e1f0b9d84c3e',
            ...(status === 'sent' ? { expiration_timestamp: String(timestamp + 86_400) } : {}),
            origin: { type: 'authentication' },
          },
          pricing: { billable: true, pricing_model: 'CBP', category: 'authentication' },
        };
  return { id, status, timestamp: String(timestamp), recipient_id: PHONE_DIGITS, ...billing, ...extra };
}

export function metaFailed(id: string, timestamp: number, code = 131026) {
  return metaStatus(id, 'failed', timestamp, {
    errors: [
      {
        code,
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        error_data: { details: 'Message Undeliverable.' },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ],
  });
}

/** The `messages` webhook envelope around some statuses (and optionally inbound messages). */
export function metaWebhook(statuses: readonly unknown[], extraValue: Record<string, unknown> = {}) {
  return {
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
              ...(statuses.length > 0 ? { statuses } : {}),
              ...extraValue,
            },
          },
        ],
      },
    ],
  };
}

export function inboundText(id: string) {
  return {
    contacts: [{ profile: { name: 'Asha' }, wa_id: PHONE_DIGITS }],
    messages: [{ from: PHONE_DIGITS, id, timestamp: '1750000100', type: 'text', text: { body: 'hello' } }],
  };
}

export const TWILIO_ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

/** A StatusCallback's form fields as Twilio posts them. */
export function twilioCallback(
  sid: string,
  status: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    AccountSid: TWILIO_ACCOUNT,
    ApiVersion: '2010-04-01',
    From: '+15005550006',
    MessageSid: sid,
    MessageStatus: status,
    SmsSid: sid,
    SmsStatus: status,
    To: PHONE,
    ...extra,
  };
}

/** No full phone number, secret or signature in what was logged. */
export function expectCleanLogs(logs: string): void {
  const forbidden = [
    // Provider message ids are logged only as a prefix of their keyed hash (a wamid encodes the number).
    'wamid',
    PHONE_DIGITS,
    PHONE.slice(3),
    ...Object.values(TEST_SECRETS),
    ...[...issuedSignatures].map((signature) => signature.replace(/^sha256=/, '')),
  ];
  expect(forbidden.filter((value) => logs.includes(value))).toEqual([]);
}
