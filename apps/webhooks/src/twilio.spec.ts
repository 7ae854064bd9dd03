import request from 'supertest';
import { expectCleanLogs, PHONE_MASKED, signTwilio, twilioCallback } from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { postTwilio, TWILIO_PATH } from './testing/http';

const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;

describe('POST /webhooks/twilio/status without a public URL', () => {
  let server: WebhooksUnderTest;
  beforeAll(async () => {
    server = await WebhooksUnderTest.start();
  });
  afterAll(async () => {
    expectCleanLogs(server.logs());
    await server.close();
  });
  const delivery = (id: string) => server.delivery(id);

  it('stores sent then delivered, signed for the URL the request arrived at', async () => {
    for (const status of ['sent', 'delivered']) {
      const res = await postTwilio(server, twilioCallback(sid(1), status));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, data: { stored: 1, duplicates: 0 } });
    }
    const record = await delivery(sid(1));
    expect(record).toMatchObject({ provider: 'twilio', status: 'delivered', recipientMasked: PHONE_MASKED });
    expect(record?.events.map((e) => e.status)).toEqual(['sent', 'delivered']);
    // Logged and stored only as its keyed hash (a prefix of it in logs).
    expect(server.logs()).not.toContain(sid(1));
    expect(server.logs()).toContain(`"message_key":"${server.messageKey(sid(1)).slice(0, 12)}"`);
    expect(await server.runtime.store.getDelivery(sid(1))).toBeNull();
  });

  it('keeps the error code of undelivered messages (30003 unreachable, 30005 unknown destination)', async () => {
    await postTwilio(server, twilioCallback(sid(2), 'sent'));
    await postTwilio(
      server,
      twilioCallback(sid(2), 'undelivered', { ErrorCode: '30003', RawDlrDoneDate: '2506151230' }),
    );
    await postTwilio(server, twilioCallback(sid(3), 'undelivered', { ErrorCode: '30005' }));
    const unreachable = await delivery(sid(2));
    expect(unreachable?.status).toBe('undelivered');
    expect(unreachable?.events.at(-1)).toMatchObject({
      errorCode: '30003',
      details: { raw_dlr_done_date: '2506151230' },
    });
    expect((await delivery(sid(3)))?.events[0]?.errorCode).toBe('30005');
  });

  it('stores a repeated callback once', async () => {
    const params = twilioCallback(sid(4), 'failed', { ErrorCode: '30008' });
    expect((await postTwilio(server, params)).body.data).toMatchObject({ stored: 1 });
    expect((await postTwilio(server, params)).body.data).toMatchObject({ stored: 0, duplicates: 1 });
    expect((await delivery(sid(4)))?.events).toHaveLength(1);
  });

  it('keeps the query string of the callback URL in what is signed', async () => {
    const path = `${TWILIO_PATH}?request_id=req_42&attempt=1`;
    expect((await postTwilio(server, twilioCallback(sid(5), 'sent'), { path })).status).toBe(200);
    const res = await postTwilio(server, twilioCallback(sid(6), 'sent'), {
      path,
      signedUrl: `${server.baseUrl}${TWILIO_PATH}`,
    });
    expect(res.status).toBe(403);
  });

  it('refuses a missing, other-token or tampered signature with 403 and records nothing', async () => {
    const params = twilioCallback(sid(7), 'delivered');
    const url = `${server.baseUrl}${TWILIO_PATH}`;
    const tampered = { ...params, MessageStatus: 'read' };
    const attempts = [
      postTwilio(server, params, { signature: null }),
      postTwilio(server, params, { signature: signTwilio(url, params, 'another-auth-token') }),
      postTwilio(server, tampered, { signature: signTwilio(url, params) }),
      postTwilio(server, params, { signedUrl: 'https://elsewhere.example.com/webhooks/twilio/status' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await delivery(sid(7))).toBeNull();
  });

  it('refuses a signed JSON body (Twilio posts forms) with 403', async () => {
    const params = twilioCallback(sid(8), 'sent');
    const res = await request(server.baseUrl)
      .post(TWILIO_PATH)
      .set('X-Twilio-Signature', signTwilio(`${server.baseUrl}${TWILIO_PATH}`, params))
      .send(params);
    expect(res.status).toBe(403);
    expect(await delivery(sid(8))).toBeNull();
  });

  it('is 400 for a signed callback without MessageSid, and 200 (ignored) for an inbound status', async () => {
    const { MessageSid: _sid, SmsSid: _smsSid, ...noSid } = twilioCallback(sid(9), 'sent');
    expect((await postTwilio(server, noSid)).status).toBe(400);
    const inbound = await postTwilio(server, twilioCallback(sid(10), 'received'));
    expect(inbound.status).toBe(200);
    expect(inbound.body.data).toEqual({ stored: 0, duplicates: 0, ignored: 1 });
    expect(await delivery(sid(10))).toBeNull();
  });
});

describe('POST /webhooks/twilio/status behind a proxy', () => {
  const PUBLIC_URL = 'https://hooks.agentmitra.example';

  it('checks the signature against WEBHOOKS_PUBLIC_URL while the request arrives on 127.0.0.1', async () => {
    const server = await WebhooksUnderTest.start({ WEBHOOKS_PUBLIC_URL: `${PUBLIC_URL}/` });
    try {
      const publicRes = await postTwilio(server, twilioCallback(sid(20), 'delivered'), {
        signedUrl: `${PUBLIC_URL}${TWILIO_PATH}`,
      });
      expect(publicRes.status).toBe(200);
      expect((await server.delivery(sid(20)))?.status).toBe('delivered');
      const localRes = await postTwilio(server, twilioCallback(sid(21), 'delivered'));
      expect(localRes.status).toBe(403);
      expectCleanLogs(server.logs());
    } finally {
      await server.close();
    }
  });

  it('uses X-Forwarded-Proto/Host only from a proxy TRUST_PROXY trusts', async () => {
    const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'hooks.agentmitra.example' };
    const options = { signedUrl: `${PUBLIC_URL}${TWILIO_PATH}`, headers: forwarded };
    const trusting = await WebhooksUnderTest.start({ TRUST_PROXY: 'loopback' });
    const untrusting = await WebhooksUnderTest.start();
    try {
      expect((await postTwilio(trusting, twilioCallback(sid(22), 'sent'), options)).status).toBe(200);
      expect((await postTwilio(untrusting, twilioCallback(sid(23), 'sent'), options)).status).toBe(403);
    } finally {
      await Promise.all([trusting.close(), untrusting.close()]);
    }
  });
});
