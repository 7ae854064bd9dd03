import request from 'supertest';
import { expectCleanLogs, PHONE_MASKED } from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { counterValue } from './testing/metrics';

const SECRET = 'test-msg91-webhook-secret-7d41e2';
const PATH = '/webhooks/msg91/status';
const id = (n: number) => `3365646f${String(n).padStart(16, '0')}`;

/** The v2 report as MSG91 posts it: form-encoded, one `data` field holding a JSON string. */
const v2 = (requestId: string, status: string, desc: string, date = '2024-05-22 10:06:20') => ({
  data: JSON.stringify([
    {
      senderId: 'AGMTRA',
      requestId,
      report: [{ date, number: '919876543210', status, desc, failedReason: '' }],
      userId: '270000',
      campaignName: 'API',
    },
  ]),
});

describe('POST /webhooks/msg91/status', () => {
  let server: WebhooksUnderTest;
  beforeAll(async () => {
    server = await WebhooksUnderTest.start({ MSG91_WEBHOOK_SECRET: SECRET });
  });
  afterAll(async () => {
    const logs = server.logs();
    expectCleanLogs(logs);
    expect(logs).not.toContain(SECRET);
    await server.close();
  });
  const delivery = (messageId: string) => server.delivery(messageId);
  const postForm = (body: Record<string, string>, secret: string | null = SECRET) =>
    request(server.baseUrl)
      .post(secret === null ? PATH : `${PATH}?secret=${encodeURIComponent(secret)}`)
      .type('form')
      .send(new URLSearchParams(body).toString());

  it('stores the form-encoded report with its IST time and the masked number', async () => {
    const res = await postForm(v2(id(1), '1', 'DELIVERED'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { stored: 1, duplicates: 0, ignored: 0 },
      message: 'receipts stored',
    });
    const record = await delivery(id(1));
    expect(record).toMatchObject({ provider: 'msg91', status: 'delivered', recipientMasked: PHONE_MASKED });
    expect(record?.events[0]?.at).toBe(Date.UTC(2024, 4, 22, 4, 36, 20));
    expect(
      await counterValue(server.runtime, 'deliveryReceipts', { provider: 'msg91', status: 'delivered' }),
    ).toBe(1);
  });

  it('stores the JSON report too, and a repeated report once', async () => {
    const json = {
      requestId: id(2),
      status: '16',
      desc: 'Rejected',
      date: '2024-05-22 10:07:00',
      number: '919876543210',
    };
    const first = await request(server.baseUrl).post(`${PATH}?secret=${SECRET}`).send(json);
    const again = await request(server.baseUrl).post(`${PATH}?secret=${SECRET}`).send(json);
    expect([first.body.data, again.body.data]).toEqual([
      { stored: 1, duplicates: 0, ignored: 0 },
      { stored: 0, duplicates: 1, ignored: 0 },
    ]);
    expect(await delivery(id(2))).toMatchObject({
      status: 'failed',
      events: [expect.objectContaining({ errorCode: '16', errorMessage: 'Rejected' })],
    });
  });

  it('refuses a missing or wrong secret with 403 FORBIDDEN and stores nothing', async () => {
    for (const secret of [null, 'wrong-secret', `${SECRET}x`, '']) {
      const res = await postForm(v2(id(3), '1', 'DELIVERED'), secret);
      expect([res.status, res.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(await delivery(id(3))).toBeNull();
    expect(
      await counterValue(server.runtime, 'webhookRejected', { provider: 'msg91', reason: 'bad_signature' }),
    ).toBe(3);
    expect(
      await counterValue(server.runtime, 'webhookRejected', {
        provider: 'msg91',
        reason: 'missing_signature',
      }),
    ).toBe(1);
  });

  it('is 400 for a body that is no report, and 200 (ignored) for a status it has no word for', async () => {
    expect((await postForm({ data: '{not json' })).status).toBe(400);
    const noReport = await request(server.baseUrl).post(`${PATH}?secret=${SECRET}`).send({ hello: 'world' });
    expect([noReport.status, noReport.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
    const unknown = await postForm(v2(id(4), '99', 'SOMETHING NEW'));
    expect([unknown.status, unknown.body.data]).toEqual([200, { stored: 0, duplicates: 0, ignored: 1 }]);
    expect(await delivery(id(4))).toBeNull();
  });
});

describe('POST /webhooks/msg91/status in production with the development secret', () => {
  it('refuses every call: the published default would let anyone forge reports', async () => {
    const server = await WebhooksUnderTest.start({
      NODE_ENV: 'production',
      OTP_HASH_SECRET: 'h'.repeat(40),
      OTP_TOKEN_SECRET: 't'.repeat(40),
      GATEWAY_API_KEYS: 'k'.repeat(40),
      GRPC_AUTH_TOKENS: 'g'.repeat(40),
      WHATSAPP_WEBHOOK_SECRET: 'w'.repeat(40),
      WHATSAPP_VERIFY_TOKEN: 'v'.repeat(40),
      TWILIO_AUTH_TOKEN: 'a'.repeat(40),
    });
    try {
      const res = await request(server.baseUrl)
        .post(`${PATH}?secret=dev-only-msg91-webhook-secret`)
        .send({ requestId: id(5), status: '1' });
      expect(res.status).toBe(403);
      expect(await server.delivery(id(5))).toBeNull();
    } finally {
      await server.close();
    }
  });
});
