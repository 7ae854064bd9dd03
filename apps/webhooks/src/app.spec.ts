import { existsSync, readFileSync } from 'node:fs';
import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import request from 'supertest';
import {
  expectCleanLogs,
  inboundText,
  metaStatus,
  metaWebhook,
  PHONE,
  signMeta,
  signTwilio,
  twilioCallback,
} from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { META_PATH, postMeta, postTwilio, TWILIO_PATH } from './testing/http';

describe('webhooks app', () => {
  let server: WebhooksUnderTest;
  beforeAll(async () => {
    server = await WebhooksUnderTest.start();
  });
  afterAll(async () => {
    expectCleanLogs(server.logs());
    await server.close();
  });

  it('answers unknown routes with the JSON error envelope, and says nothing about itself', async () => {
    const res = await request(server.baseUrl).get('/webhooks/unknown');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      success: false,
      error: { code: 'NOT_FOUND', message: 'not found', details: {} },
      message: 'not found',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the ops routes', async () => {
    expect((await request(server.baseUrl).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(server.baseUrl).get('/readyz')).status).toBe(200);
  });

  it('exposes stored receipts and rejections in /metrics', async () => {
    const body = JSON.stringify(metaWebhook([metaStatus('wamid.METRICS', 'read', 1_750_000_000)]));
    await postMeta(server, body);
    await postMeta(server, body, null);
    const text = (await request(server.baseUrl).get('/metrics')).text;
    expect(text).toMatch(/otp_delivery_receipts_total\{provider="whatsapp",status="read",app="webhooks"\} 1/);
    expect(text).toMatch(
      /otp_webhook_rejected_total\{provider="whatsapp",reason="missing_signature",app="webhooks"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/webhooks\/whatsapp",method="POST"/,
    );
  });

  it('observes the time from send to the first delivered or read receipt, once per message', async () => {
    const sentAt = 1_760_000_000_000;
    await server.runtime.store.recordSendAttempt({
      requestId: 'req-ttd',
      channel: 'whatsapp',
      provider: 'whatsapp',
      messageKey: server.runtime.hashes.messageKey('wamid.TTD'),
      status: 'sent',
      errorCode: null,
      errorMessage: null,
      recipientMasked: '+91******3210',
      at: sentAt,
    });
    for (const [status, after] of [
      ['delivered', 3],
      ['read', 9],
    ] as const) {
      await postMeta(
        server,
        JSON.stringify(metaWebhook([metaStatus('wamid.TTD', status, sentAt / 1000 + after)])),
      );
    }
    const { values } = await server.runtime.metrics.timeToDelivery.get();
    const of = (suffix: string, le?: number) =>
      values.find(
        (v) =>
          v.metricName === `otp_time_to_delivery_seconds${suffix}` &&
          v.labels['channel'] === 'whatsapp' &&
          (le === undefined || (v.labels as Record<string, unknown>)['le'] === le),
      )?.value;
    expect(of('_count')).toBe(1);
    expect(of('_sum')).toBe(3);
    expect(of('_bucket', 2)).toBe(0);
    expect(of('_bucket', 3)).toBe(1);
  });

  it('keeps no full phone number at rest', async () => {
    await postMeta(
      server,
      JSON.stringify(metaWebhook([metaStatus('wamid.REST', 'delivered', 1_750_000_001)])),
    );
    await postMeta(server, JSON.stringify(metaWebhook([], inboundText('wamid.IN'))));
    await postTwilio(server, twilioCallback('SM0000000000000000000000000000rest', 'delivered'));
    expect((await server.delivery('wamid.REST'))?.recipientMasked).toBe('+91******3210');
    for (const file of [server.file, `${server.file}-wal`].filter((f) => existsSync(f))) {
      expect(readFileSync(file).includes(PHONE.slice(3))).toBe(false);
    }
  });
});

describe('webhooks app in production', () => {
  const PRODUCTION = {
    NODE_ENV: 'production',
    OTP_HASH_SECRET: 'a-production-hash-secret-of-at-least-32-chars',
    OTP_TOKEN_SECRET: 'a-production-token-secret-of-at-least-32-chars',
    GATEWAY_API_KEYS: 'gateway-key-of-at-least-32-characters-0001',
    GRPC_AUTH_TOKENS: 'grpc-token-of-at-least-32-characters-00001',
  };

  it('will not start with a published development secret set', async () => {
    await expect(
      WebhooksUnderTest.start({
        ...PRODUCTION,
        WHATSAPP_WEBHOOK_SECRET: DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET,
      }),
    ).rejects.toThrow(/WHATSAPP_WEBHOOK_SECRET/);
  });

  it('refuses every call of a receiver whose secret is not set, since anyone could forge them', async () => {
    // The harness sets test secrets; production must not fall back to the published defaults instead.
    const server = await WebhooksUnderTest.start(PRODUCTION, { withoutTestSecrets: true });
    try {
      const body = JSON.stringify(metaWebhook([metaStatus('wamid.PROD', 'read', 1_750_000_000)]));
      expect(
        (await postMeta(server, body, signMeta(body, DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET))).status,
      ).toBe(401);
      const handshake = await request(server.baseUrl).get(META_PATH).query({
        'hub.mode': 'subscribe',
        'hub.verify_token': DEV_DEFAULT_SECRETS.WHATSAPP_VERIFY_TOKEN,
        'hub.challenge': '42',
      });
      expect(handshake.status).toBe(403);
      const params = twilioCallback('SM00000000000000000000000000000prod', 'delivered');
      const signature = signTwilio(
        `${server.baseUrl}${TWILIO_PATH}`,
        params,
        DEV_DEFAULT_SECRETS.TWILIO_AUTH_TOKEN,
      );
      expect((await postTwilio(server, params, { signature })).status).toBe(403);
      expect(await server.delivery('wamid.PROD')).toBeNull();
      const logs = server.logs();
      expect(logs).toContain('"variable":"WHATSAPP_WEBHOOK_SECRET"');
      expect(logs).toContain('"variable":"TWILIO_AUTH_TOKEN"');
      for (const secret of Object.values(DEV_DEFAULT_SECRETS)) expect(logs).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});

describe('webhooks app given a body that does not decompress', () => {
  const MSG91_SECRET = 'test-msg91-webhook-secret-0b1d5c';
  let server: WebhooksUnderTest;
  beforeAll(async () => {
    server = await WebhooksUnderTest.start({ MSG91_WEBHOOK_SECRET: MSG91_SECRET });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(['gzip', 'deflate', 'br'])(
    'answers Content-Encoding %s 400 on every route, logged below error',
    async (encoding) => {
      const routes = [
        { path: META_PATH, type: 'application/json' },
        { path: TWILIO_PATH, type: 'application/x-www-form-urlencoded' },
        { path: `/webhooks/msg91/status?secret=${MSG91_SECRET}`, type: 'application/json' },
      ];
      for (const { path, type } of routes) {
        const res = await request(server.baseUrl)
          .post(path)
          .set('Content-Type', type)
          .set('Content-Encoding', encoding)
          .send('not compressed');
        expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          status: 400,
          code: 'VALIDATION_ERROR',
        });
      }
      expect(server.logs()).not.toContain('"level":"error"');
    },
  );
});
