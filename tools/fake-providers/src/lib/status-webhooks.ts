/**
 * Status webhooks as the providers post them, for the fakes to send to the webhooks app:
 * - Meta: the `messages` webhook with `statuses[]` (Meta, "Status messages webhook reference",
 *   https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status),
 *   signed `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`.
 * - Twilio: the form-encoded StatusCallback (Twilio, "Track the Message Status of Outbound Messages",
 *   https://www.twilio.com/docs/messaging/guides/track-outbound-message-status), signed
 *   `X-Twilio-Signature` with the auth token over the URL called and the sorted fields (the SDK's own
 *   `getExpectedTwilioSignature`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import twilio from 'twilio';

/** The statuses Meta posts for a business-initiated message. */
export type MetaStatusWord = 'sent' | 'delivered' | 'read' | 'failed';
/** The MessageStatus values Twilio posts for an outbound SMS. */
export type TwilioStatusWord =
  'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'canceled';

/** Meta's titles and details for the failures an OTP template most often meets (Meta's error codes page). */
const META_ERRORS: Readonly<Record<number, { title: string; details: string }>> = {
  131026: {
    title: 'Message undeliverable',
    details:
      'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service; the recipient is using an old WhatsApp version.',
  },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  130472: {
    title: "User's number is part of an experiment",
    details: "Failed to send message because this user's phone number is part of an experiment.",
  },
  131047: {
    title: 'Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied.',
  },
  131000: { title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
};

/** Fixed ids of the fake business, as in Meta's own examples. */
const WABA_ID = '102290129340398';
const DISPLAY_PHONE_NUMBER = '15550783881';

export interface MetaStatusInput {
  readonly wamid: string;
  readonly status: MetaStatusWord;
  /** Unix milliseconds of the event; Meta sends whole seconds. */
  readonly at: number;
  /** The recipient's WhatsApp id: digits, no `+`. */
  readonly recipientId: string;
  readonly phoneNumberId: string;
  /** For `failed` (default 131026). */
  readonly errorCode?: number | undefined;
}

/** One `messages` webhook notification carrying one status, as Meta posts it. */
export function metaStatusNotification(input: MetaStatusInput): unknown {
  const status: Record<string, unknown> = {
    id: input.wamid,
    status: input.status,
    timestamp: String(Math.floor(input.at / 1000)),
    recipient_id: input.recipientId,
  };
  if (input.status === 'failed') {
    const code = input.errorCode ?? 131026;
    const known = META_ERRORS[code] ?? { title: 'Unknown error', details: 'The message failed.' };
    status['errors'] = [
      {
        code,
        title: known.title,
        message: known.title,
        error_data: { details: known.details },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  } else {
    // Per-message pricing (since July 2025): an AUTHENTICATION template is billable on delivery.
    status['pricing'] = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'authentication' };
  }
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: input.phoneNumberId },
              statuses: [status],
            },
          },
        ],
      },
    ],
  };
}

/** `sha256=<hex>` over the exact bytes posted. */
export function metaSignature(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export interface TwilioStatusInput {
  readonly accountSid: string;
  readonly messageSid: string;
  readonly status: TwilioStatusWord;
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  /** For `undelivered` (default 30003, unreachable handset) and `failed` (default 30008, unknown error). */
  readonly errorCode?: number | undefined;
  /** Event time (ms): the carrier's done date on delivered/undelivered (RawDlrDoneDate, YYMMDDhhmm, UTC here). */
  readonly at: number;
}

/** The form fields of one StatusCallback, as Twilio posts them for an outbound SMS. */
export function twilioStatusCallbackForm(input: TwilioStatusInput): Record<string, string> {
  const form: Record<string, string> = {
    ApiVersion: '2010-04-01',
    AccountSid: input.accountSid,
    MessageSid: input.messageSid,
    SmsSid: input.messageSid,
    MessageStatus: input.status,
    SmsStatus: input.status,
    To: input.to,
  };
  if (input.from) form['From'] = input.from;
  if (input.messagingServiceSid) form['MessagingServiceSid'] = input.messagingServiceSid;
  if (input.status === 'undelivered' || input.status === 'failed') {
    form['ErrorCode'] = String(input.errorCode ?? (input.status === 'undelivered' ? 30003 : 30008));
  }
  if (input.status === 'delivered' || input.status === 'undelivered') {
    form['RawDlrDoneDate'] = new Date(input.at).toISOString().replace(/\D/g, '').slice(2, 12);
  }
  return form;
}

/**
 * Headers of a StatusCallback POST to `url`: the signature, and the idempotency token Twilio adds (the
 * same on each retry of one callback).
 */
export function twilioCallbackHeaders(
  authToken: string,
  url: string,
  form: Record<string, string>,
  idempotencyToken: string = randomUUID(),
): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, form),
    'i-twilio-idempotency-token': idempotencyToken,
    'user-agent': 'TwilioProxy/1.1',
  };
}
