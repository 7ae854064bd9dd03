import { isValidMsg91Secret, msg91DeliveryStatus, msg91Time, parseMsg91Reports } from '../../index';

const RECEIVED_AT = 1_750_000_999_000;
const REQUEST_ID = '3365646f3132333435363738';
/** 2024-05-22 10:06:20 IST = 04:36:20 UTC. */
const AT = Date.UTC(2024, 4, 22, 4, 36, 20);

const v2Report = (status: string, desc: string, extra: Record<string, string> = {}) => ({
  data: JSON.stringify([
    {
      senderId: 'AGMTRA',
      requestId: REQUEST_ID,
      report: [
        { date: '2024-05-22 10:06:20', number: '919876543210', status, desc, failedReason: '', ...extra },
      ],
      userId: '270000',
      campaignName: 'API',
    },
  ]),
});

describe('msg91DeliveryStatus', () => {
  it.each([
    ['1', 'DELIVERED', 'delivered'],
    ['2', 'FAILED', 'undelivered'],
    ['9', 'NDNC', 'failed'],
    ['16', 'Rejected', 'failed'],
    ['17', 'Blocked number', 'failed'],
    ['25', 'Rejected', 'failed'],
    ['8', 'Sent', 'sent'],
    ['99', 'SOMETHING', null],
    ['Delivered', undefined, 'delivered'],
  ])('status %s (%s) → %s', (code, word, ours) => {
    expect(msg91DeliveryStatus(code, word)).toBe(ours);
  });
});

describe('parseMsg91Reports', () => {
  it('reads the form-encoded v2 report: request id, IST time, masked number', () => {
    expect(parseMsg91Reports(v2Report('1', 'DELIVERED'), RECEIVED_AT)).toEqual({
      ignored: [],
      receipts: [
        {
          provider: 'msg91',
          messageId: REQUEST_ID,
          status: 'delivered',
          at: AT,
          receivedAt: RECEIVED_AT,
          dedupeKey: `1:${AT}`,
          errorCode: null,
          errorMessage: null,
          recipientMasked: '+91******3210',
          details: null,
        },
      ],
    });
  });

  it('keeps the code and reason of a rejection, and its word when it differs from ours', () => {
    const batch = parseMsg91Reports(
      v2Report('16', 'Rejected', { failedReason: 'DLT template mismatch' }),
      RECEIVED_AT,
    );
    expect(batch?.receipts[0]).toMatchObject({
      status: 'failed',
      errorCode: '16',
      errorMessage: 'DLT template mismatch',
      details: { provider_status: 'rejected' },
    });
  });

  it('reads the JSON v3 report and the Webhook (New) fields', () => {
    const v3 = {
      date: '2024-05-22 10:06:20',
      number: '919876543210',
      requestId: REQUEST_ID,
      status: '2',
      desc: 'FAILED',
    };
    expect(parseMsg91Reports(v3, RECEIVED_AT)?.receipts[0]).toMatchObject({ status: 'undelivered', at: AT });
    const fresh = {
      requestId: REQUEST_ID,
      status: 'Delivered',
      deliveryTime: '1716352580',
      telNum: '919876543210',
      DLT_TE_ID: '1107160000000012345',
    };
    expect(parseMsg91Reports(fresh, RECEIVED_AT)?.receipts[0]).toMatchObject({
      status: 'delivered',
      at: 1_716_352_580_000,
      recipientMasked: '+91******3210',
      details: { dlt_template_id: '1107160000000012345' },
    });
  });

  it('ignores unknown statuses and unreadable reports one by one; refuses what is no report', () => {
    const batch = parseMsg91Reports(
      [
        { requestId: REQUEST_ID, report: [{ status: '99', desc: 'WHATEVER' }, { status: '1' }] },
        { requestId: 'x', status: '1' },
      ],
      RECEIVED_AT,
    );
    expect(batch?.receipts.map((r) => [r.status, r.at])).toEqual([['delivered', RECEIVED_AT]]);
    expect(batch?.ignored).toEqual([
      { messageId: REQUEST_ID, providerStatus: 'whatever', reason: 'unknown_status' },
      { messageId: null, providerStatus: null, reason: 'malformed' },
    ]);
    for (const body of [null, 'x', 42, [], { data: '{not json' }, { data: '[1]' }]) {
      expect(parseMsg91Reports(body, RECEIVED_AT)).toBeNull();
    }
  });

  it('reads report times as IST, Unix seconds or milliseconds', () => {
    expect(msg91Time('2024-05-22 10:06:20')).toBe(AT);
    expect(msg91Time('1716352580')).toBe(1_716_352_580_000);
    expect(msg91Time('1716352580123')).toBe(1_716_352_580_123);
    expect(msg91Time('yesterday')).toBeNull();
  });
});

describe('isValidMsg91Secret', () => {
  it('compares the URL secret exactly', () => {
    expect(isValidMsg91Secret('s3cret-value', 's3cret-value')).toBe(true);
    expect(isValidMsg91Secret('s3cret-value', 's3cret-valu')).toBe(false);
    expect(isValidMsg91Secret('s3cret-value', '')).toBe(false);
    expect(isValidMsg91Secret('s3cret-value', ['s3cret-value'])).toBe(false);
    expect(isValidMsg91Secret('s3cret-value', undefined)).toBe(false);
  });
});
