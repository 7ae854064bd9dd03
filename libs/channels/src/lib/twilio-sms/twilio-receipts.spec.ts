import twilio from 'twilio';
import { isValidTwilioSignature, parseTwilioReceipt, twilioDeliveryStatus } from '../../index';

const RECEIVED_AT = 1_750_000_999_000;
const SID = 'SM0123456789abcdef0123456789abcdef';

describe('twilioDeliveryStatus', () => {
  it('maps every documented outbound status', () => {
    const mapped = Object.fromEntries(
      [
        'queued',
        'sending',
        'sent',
        'delivered',
        'undelivered',
        'failed',
        'read',
        'canceled',
        'accepted',
        'scheduled',
      ].map((s) => [s, twilioDeliveryStatus(s)]),
    );
    expect(mapped).toEqual({
      queued: 'queued',
      sending: 'queued',
      sent: 'sent',
      delivered: 'delivered',
      undelivered: 'undelivered',
      failed: 'failed',
      read: 'read',
      canceled: 'failed',
      accepted: 'queued',
      scheduled: 'queued',
    });
    expect(twilioDeliveryStatus('received')).toBeNull();
  });
});

describe('parseTwilioReceipt', () => {
  it('reads an undelivered callback with its error code and the carrier done date', () => {
    const batch = parseTwilioReceipt(
      {
        MessageSid: SID,
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
        To: '+919876543210',
        RawDlrDoneDate: '2506151230',
      },
      RECEIVED_AT,
    );
    expect(batch).toEqual({
      ignored: [],
      receipts: [
        {
          provider: 'twilio',
          messageId: SID,
          status: 'undelivered',
          at: RECEIVED_AT,
          receivedAt: RECEIVED_AT,
          dedupeKey: 'undelivered:30003',
          errorCode: '30003',
          errorMessage: null,
          recipientMasked: '+91******3210',
          details: { raw_dlr_done_date: '2506151230' },
        },
      ],
    });
  });

  it('keeps the provider word when it differs from ours, and masks WhatsApp addresses', () => {
    const batch = parseTwilioReceipt(
      { MessageSid: SID, MessageStatus: 'canceled', To: 'whatsapp:+919876543210' },
      RECEIVED_AT,
    );
    expect(batch?.receipts[0]).toMatchObject({
      status: 'failed',
      dedupeKey: 'canceled:',
      recipientMasked: '+91******3210',
      details: { provider_status: 'canceled' },
    });
  });

  it('acknowledges an unknown status and refuses a callback without sid or status', () => {
    expect(parseTwilioReceipt({ MessageSid: SID, MessageStatus: 'receiving' }, RECEIVED_AT)).toEqual({
      receipts: [],
      ignored: [{ messageId: SID, providerStatus: 'receiving', reason: 'unknown_status' }],
    });
    expect(parseTwilioReceipt({ MessageStatus: 'sent' }, RECEIVED_AT)).toBeNull();
    expect(parseTwilioReceipt({ MessageSid: SID }, RECEIVED_AT)).toBeNull();
    expect(parseTwilioReceipt({ MessageSid: [SID, SID], MessageStatus: 'sent' }, RECEIVED_AT)).toBeNull();
  });
});

describe('isValidTwilioSignature', () => {
  const token = 'auth-token';
  const url = 'https://hooks.example.com/webhooks/twilio/status';
  const params = { MessageSid: SID, MessageStatus: 'delivered' };

  it('accepts what the SDK signs and refuses anything else without throwing', () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    expect(isValidTwilioSignature(token, signature, url, params)).toBe(true);
    expect(isValidTwilioSignature(token, signature, url, { ...params, MessageStatus: 'read' })).toBe(false);
    expect(isValidTwilioSignature('other-token', signature, url, params)).toBe(false);
    expect(isValidTwilioSignature(token, undefined, url, params)).toBe(false);
    expect(isValidTwilioSignature(token, signature, 'http://[bad host/x', params)).toBe(false);
  });
});
