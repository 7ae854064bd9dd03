import request from 'supertest';
import {
  expectCleanLogs,
  inboundText,
  metaFailed,
  metaStatus,
  metaWebhook,
  PHONE_MASKED,
  signMeta,
} from './testing/fixtures';
import { TEST_SECRETS, WebhooksUnderTest } from './testing/harness';
import { META_PATH, postMeta } from './testing/http';
import { counterValue } from './testing/metrics';

const T0 = 1_750_000_000;
let server: WebhooksUnderTest;

beforeAll(async () => {
  server = await WebhooksUnderTest.start();
});
afterAll(async () => {
  expectCleanLogs(server.logs());
  await server.close();
});

const delivery = (id: string) => server.delivery(id);
const counter = (name: 'deliveryReceipts' | 'webhookRejected', labels: Record<string, string>) =>
  counterValue(server.runtime, name, labels);

describe('GET /webhooks/whatsapp (subscription handshake)', () => {
  const handshake = (query: Record<string, string>) => request(server.baseUrl).get(META_PATH).query(query);

  it('answers exactly the challenge as text/plain when the verify token matches', async () => {
    const res = await handshake({
      'hub.mode': 'subscribe',
      'hub.verify_token': TEST_SECRETS.WHATSAPP_VERIFY_TOKEN,
      'hub.challenge': '1158201444',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('1158201444');
  });

  it('is 403 for a wrong token, a wrong mode or no challenge', async () => {
    const token = TEST_SECRETS.WHATSAPP_VERIFY_TOKEN;
    const refused: Record<string, string>[] = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': `${token}x`, 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': token, 'hub.challenge': '1' },
      { 'hub.mode': 'subscribe', 'hub.verify_token': token },
      {},
    ];
    for (const query of refused) {
      const res = await handshake(query);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    }
  });
});

describe('POST /webhooks/whatsapp: signature', () => {
  const body = JSON.stringify(metaWebhook([metaStatus('wamid.SIG', 'delivered', T0)]));

  it('refuses a missing, wrong or other-secret signature with 401 and records nothing', async () => {
    const before = await counter('webhookRejected', { provider: 'whatsapp', reason: 'bad_signature' });
    const attempts: (string | null)[] = [
      null,
      'sha256=' + '0'.repeat(64),
      'sha256=nothex',
      signMeta(body, 'another-app-secret'),
    ];
    for (const signature of attempts) {
      const res = await postMeta(server, body, signature);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(await delivery('wamid.SIG')).toBeNull();
    expect(await counter('webhookRejected', { provider: 'whatsapp', reason: 'bad_signature' })).toBe(
      before + 3,
    );
    expect(
      await counter('webhookRejected', { provider: 'whatsapp', reason: 'missing_signature' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('refuses a body altered by one byte after signing', async () => {
    const signature = signMeta(body);
    const altered = Buffer.from(body);
    const at = body.indexOf('delivered');
    altered[at] = 'D'.charCodeAt(0);
    expect((await postMeta(server, altered, signature)).status).toBe(401);
    expect(await delivery('wamid.SIG')).toBeNull();
  });

  it('checks the raw bytes, whatever the content type says', async () => {
    const res = await request(server.baseUrl)
      .post(META_PATH)
      .set('Content-Type', 'text/plain')
      .set('X-Hub-Signature-256', signMeta(body))
      .send(body);
    expect(res.status).toBe(200);
    expect((await delivery('wamid.SIG'))?.status).toBe('delivered');
  });
});

describe('POST /webhooks/whatsapp: bodies', () => {
  it('is 413 past 1 MB, before anything is stored', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    const big = JSON.stringify(metaWebhook([metaStatus('wamid.BIG', 'sent', T0, { padding })]));
    const res = await postMeta(server, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await delivery('wamid.BIG')).toBeNull();
  });

  it('is 400 for a validly signed body that is not JSON, or not a webhook', async () => {
    for (const body of ['{"object":"whatsapp_business_account","entry":[', '', '[]', '{"entry":{}}']) {
      const res = await postMeta(server, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
    }
  });
});

describe('POST /webhooks/whatsapp: statuses', () => {
  it('stores each documented status with its time, masked recipient, conversation and pricing', async () => {
    const statuses = [
      metaStatus('wamid.DOC', 'sent', T0),
      metaStatus('wamid.DOC', 'delivered', T0 + 2),
      metaStatus('wamid.DOC', 'read', T0 + 9),
    ];
    const res = await postMeta(server, JSON.stringify(metaWebhook(statuses)));
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ stored: 3, duplicates: 0 });
    const record = await delivery('wamid.DOC');
    expect(record).toMatchObject({
      provider: 'whatsapp',
      status: 'read',
      recipientMasked: PHONE_MASKED,
      requestId: null,
    });
    expect(record?.events.map((e) => [e.status, e.at])).toEqual([
      ['sent', T0 * 1000],
      ['delivered', (T0 + 2) * 1000],
      ['read', (T0 + 9) * 1000],
    ]);
    expect(record?.events[0]?.details).toEqual({
      conversation_id: 'a7c2e1f0b9d84c3e',
      conversation_origin: 'authentication',
      pricing_category: 'authentication',
      pricing_billable: 'true',
      pricing_model: 'CBP',
      phone_number_id: '106540352242922',
    });
  });

  it('stores a failure with its error code and details', async () => {
    expect((await postMeta(server, JSON.stringify(metaWebhook([metaFailed('wamid.FAIL', T0)])))).status).toBe(
      200,
    );
    const record = await delivery('wamid.FAIL');
    expect(record?.status).toBe('failed');
    expect(record?.events[0]).toMatchObject({
      status: 'failed',
      errorCode: '131026',
      errorMessage: 'Message Undeliverable.',
      details: { error_title: 'Message undeliverable', phone_number_id: '106540352242922' },
    });
  });

  it('ends on read with three events when read, delivered and sent arrive in that order', async () => {
    for (const [status, t] of [
      ['read', T0 + 9],
      ['delivered', T0 + 2],
      ['sent', T0],
    ] as const) {
      expect(
        (await postMeta(server, JSON.stringify(metaWebhook([metaStatus('wamid.OOO', status, t)])))).status,
      ).toBe(200);
    }
    const record = await delivery('wamid.OOO');
    expect(record?.status).toBe('read');
    expect(record?.events.map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('keeps one event when the same status is delivered twice, and counts it once', async () => {
    const body = JSON.stringify(metaWebhook([metaStatus('wamid.DUP', 'delivered', T0)]));
    const before = await counter('deliveryReceipts', { provider: 'whatsapp', status: 'delivered' });
    expect((await postMeta(server, body)).body.data).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await postMeta(server, body)).body.data).toMatchObject({ stored: 0, duplicates: 1 });
    expect((await delivery('wamid.DUP'))?.events).toHaveLength(1);
    expect(await counter('deliveryReceipts', { provider: 'whatsapp', status: 'delivered' })).toBe(before + 1);
  });

  it('stores several statuses of several messages from one delivery, and ignores unknown ones', async () => {
    const statuses = [
      metaStatus('wamid.M1', 'delivered', T0),
      metaStatus('wamid.M2', 'sent', T0),
      metaFailed('wamid.M3', T0 + 1, 131049),
      metaStatus('wamid.M1', 'deleted', T0 + 5),
    ];
    const res = await postMeta(server, JSON.stringify(metaWebhook(statuses)));
    expect(res.body.data).toMatchObject({ stored: 3, duplicates: 0, ignored: 1 });
    expect((await delivery('wamid.M1'))?.events.map((e) => e.status)).toEqual(['delivered']);
    expect((await delivery('wamid.M2'))?.status).toBe('sent');
    expect((await delivery('wamid.M3'))?.events[0]?.errorCode).toBe('131049');
  });

  it('acknowledges inbound user messages without recording anything', async () => {
    const res = await postMeta(server, JSON.stringify(metaWebhook([], inboundText('wamid.INBOUND'))));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ stored: 0, duplicates: 0, ignored: 0, inbound_messages: 1 });
    expect(await delivery('wamid.INBOUND')).toBeNull();
  });

  it('keeps a receipt for a message it does not know yet, and links it when the send is recorded', async () => {
    await postMeta(server, JSON.stringify(metaWebhook([metaStatus('wamid.EARLY', 'delivered', T0 + 3)])));
    expect(await delivery('wamid.EARLY')).toMatchObject({ status: 'delivered', requestId: null });
    await server.runtime.store.recordSendAttempt({
      requestId: 'req_early',
      channel: 'whatsapp',
      provider: 'whatsapp',
      messageKey: server.messageKey('wamid.EARLY'),
      status: 'sent',
      errorCode: null,
      errorMessage: null,
      recipientMasked: PHONE_MASKED,
      at: T0 * 1000,
    });
    const record = await delivery('wamid.EARLY');
    expect(record).toMatchObject({ status: 'delivered', requestId: 'req_early', channel: 'whatsapp' });
    expect(record?.events.map((e) => e.status)).toEqual(['sent', 'delivered']);
    expect(
      (await server.runtime.store.listDeliveriesForRequest('req_early')).map((d) => d.messageKey),
    ).toEqual([server.messageKey('wamid.EARLY')]);

    // The audit trail: one row per stored receipt (not per duplicate), by request once the send linked it.
    const read = JSON.stringify(metaWebhook([metaStatus('wamid.EARLY', 'read', T0 + 9)]));
    await postMeta(server, read);
    await postMeta(server, read);
    const rows = (await server.runtime.store.listAudit({ limit: 10, action: 'receipt' })).entries;
    const early = rows.filter((row) => row.requestId === 'req_early');
    expect(early).toEqual([
      expect.objectContaining({
        outcome: 'read',
        channel: 'whatsapp',
        provider: 'whatsapp',
        callerKind: 'webhook',
        callerId: 'whatsapp',
        phoneMasked: PHONE_MASKED,
        clientIpHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(rows.find((row) => row.outcome === 'delivered' && row.requestId === null)).toBeDefined();
    expect(JSON.stringify(rows)).not.toContain('wamid');
  });
});
