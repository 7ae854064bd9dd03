import { createHmac } from 'node:crypto';
import { isValidMetaSignature, isValidVerifyToken, metaDeliveryStatus, parseMetaReceipts } from '../../index';

const RECEIVED_AT = 1_750_000_999_000;

function webhook(statuses: unknown[], extra: Record<string, unknown> = {}) {
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
              statuses,
              ...extra,
            },
          },
        ],
      },
    ],
  };
}

describe('metaDeliveryStatus', () => {
  it('maps the four statuses Meta documents and ignores the rest', () => {
    expect(['sent', 'delivered', 'read', 'failed'].map(metaDeliveryStatus)).toEqual([
      'sent',
      'delivered',
      'read',
      'failed',
    ]);
    expect(metaDeliveryStatus('deleted')).toBeNull();
    expect(metaDeliveryStatus('warning')).toBeNull();
    expect(metaDeliveryStatus('SENT')).toBeNull();
  });
});

describe('parseMetaReceipts', () => {
  it('reads id, status, time, masked recipient, conversation and pricing', () => {
    const batch = parseMetaReceipts(
      webhook([
        {
          id: 'wamid.HBgMOTE5ODc2NTQzMjEw',
          status: 'sent',
          timestamp: '1750000000',
          recipient_id: '919876543210',
          conversation: {
            id: 'c0ffee',
            expiration_timestamp: '1750086400',
            origin: { type: 'authentication' },
          },
          pricing: { billable: true, pricing_model: 'CBP', category: 'authentication' },
        },
      ]),
      RECEIVED_AT,
    );
    expect(batch).toEqual({
      inboundMessages: 0,
      ignored: [],
      receipts: [
        {
          provider: 'whatsapp',
          messageId: 'wamid.HBgMOTE5ODc2NTQzMjEw',
          status: 'sent',
          at: 1_750_000_000_000,
          receivedAt: RECEIVED_AT,
          dedupeKey: 'sent:1750000000:',
          errorCode: null,
          errorMessage: null,
          recipientMasked: '+91******3210',
          details: {
            conversation_id: 'c0ffee',
            conversation_origin: 'authentication',
            pricing_category: 'authentication',
            pricing_billable: 'true',
            pricing_model: 'CBP',
            phone_number_id: '106540352242922',
          },
        },
      ],
    });
  });

  it('keeps the first error as code and message, and every code in details', () => {
    const batch = parseMetaReceipts(
      webhook([
        {
          id: 'wamid.F',
          status: 'failed',
          timestamp: '1750000005',
          recipient_id: '919876543210',
          errors: [
            {
              code: 131026,
              title: 'Message undeliverable',
              message: 'Message undeliverable',
              error_data: { details: 'Receiver is incapable' },
            },
            { code: 131049, title: 'Ecosystem engagement' },
          ],
        },
      ]),
      RECEIVED_AT,
    );
    expect(batch?.receipts[0]).toMatchObject({
      status: 'failed',
      errorCode: '131026',
      errorMessage: 'Receiver is incapable',
      dedupeKey: 'failed:1750000005:131026',
      details: { error_title: 'Message undeliverable', error_codes: '131026,131049' },
    });
  });

  it('counts inbound messages without treating them as statuses', () => {
    const batch = parseMetaReceipts(
      webhook([], {
        statuses: undefined,
        contacts: [{ wa_id: '919876543210' }],
        messages: [{ from: '919876543210', id: 'wamid.IN', type: 'text' }],
      }),
      RECEIVED_AT,
    );
    expect(batch).toEqual({ receipts: [], ignored: [], inboundMessages: 1 });
  });

  it('ignores unknown and unreadable statuses one by one, and uses the received time without a timestamp', () => {
    const batch = parseMetaReceipts(
      webhook([
        { id: 'wamid.D', status: 'deleted', timestamp: '1' },
        { status: 'read' },
        { id: 'wamid.R', status: 'read', recipient_id: 'not-a-phone' },
      ]),
      RECEIVED_AT,
    );
    expect(batch?.ignored).toEqual([
      { messageId: 'wamid.D', providerStatus: 'deleted', reason: 'unknown_status' },
      { messageId: null, providerStatus: null, reason: 'malformed' },
    ]);
    expect(batch?.receipts[0]).toMatchObject({
      messageId: 'wamid.R',
      at: RECEIVED_AT,
      recipientMasked: null,
      dedupeKey: 'read::',
    });
  });

  it('refuses what is not a webhook envelope', () => {
    for (const body of [null, 42, 'x', [], {}, { entry: {} }, { entry: [{ changes: 'x' }] }]) {
      expect(parseMetaReceipts(body, RECEIVED_AT)).toBeNull();
    }
  });
});

describe('Meta webhook authentication', () => {
  const secret = 'app-secret';
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
  const sign = (bytes: Buffer, key = secret) =>
    `sha256=${createHmac('sha256', key).update(bytes).digest('hex')}`;

  it('accepts the HMAC of the exact bytes, in either hex case', () => {
    expect(isValidMetaSignature(secret, body, sign(body))).toBe(true);
    expect(isValidMetaSignature(secret, body, sign(body).toUpperCase().replace('SHA256=', 'sha256='))).toBe(
      true,
    );
  });

  it('refuses a missing, malformed, other-secret or other-body signature', () => {
    const altered = Buffer.from(body);
    altered[5] = (altered[5] ?? 0) ^ 1;
    expect(isValidMetaSignature(secret, body, undefined)).toBe(false);
    expect(isValidMetaSignature(secret, body, 'sha256=abc')).toBe(false);
    expect(isValidMetaSignature(secret, body, sign(body).replace('sha256=', 'sha1='))).toBe(false);
    expect(isValidMetaSignature(secret, body, sign(body, 'other-secret'))).toBe(false);
    expect(isValidMetaSignature(secret, altered, sign(body))).toBe(false);
  });

  it('compares the verify token exactly', () => {
    expect(isValidVerifyToken('token-1', 'token-1')).toBe(true);
    expect(isValidVerifyToken('token-1', 'token-2')).toBe(false);
    expect(isValidVerifyToken('token-1', 'token-1 ')).toBe(false);
    expect(isValidVerifyToken('token-1', '')).toBe(false);
    expect(isValidVerifyToken('token-1', ['token-1'])).toBe(false);
  });
});
