import { listenHttp, type Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { verifyVerificationToken } from '@agent-mitra/otp-engine';
import { buildGatewayApp } from './app';
import { deliveryData, errorEnvelope, okEnvelope, requestData, sendData, verifyData } from './schemas';

const PHONE = '+919876543210';
const MOCK_TEXT = 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.';

let t: TestRuntime;
let server: Listener;
let base: string;

async function start(env: Record<string, string> = {}) {
  t = await startTestRuntime('gateway', env);
  server = await listenHttp(buildGatewayApp(t.runtime), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
}

afterEach(async () => {
  await server.close();
  await t.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
}

function expectError(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect({ status: res.status, code: res.json?.['error']?.code }).toEqual({ status, code });
  expect(errorEnvelope.safeParse(res.json).success).toBe(true);
  expect(res.text).not.toMatch(/at .*\.ts:\d+/);
}

describe('original backend routes (mock mode)', () => {
  beforeEach(() => start());

  it('POST /api/v1/external/sms/otp answers the documented mock answer', async () => {
    const res = await call('POST', '/api/v1/external/sms/otp', { to_phone: PHONE, otp: '123456' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      success: true,
      message: 'OTP sent successfully',
      data: {
        provider: 'mock',
        status: 'sent',
        to: PHONE,
        otp_sent: '123456',
        message: MOCK_TEXT,
        mock: true,
        channel: 'sms',
      },
    });
    expect(res.json['data'].message_id).toMatch(/^mock_\+919876543210_\d{10}$/);
    expect(okEnvelope(sendData).safeParse(res.json).success).toBe(true);
  });

  it('POST /api/v1/external/whatsapp/otp reads an unencoded + in the query string', async () => {
    const res = await call('POST', '/api/v1/external/whatsapp/otp?to_phone=+919876543210&otp=123456');
    expect(res.status).toBe(200);
    expect(res.json['data']).toMatchObject({
      to: PHONE,
      provider: 'mock',
      otp_sent: '123456',
      channel: 'whatsapp',
    });
  });

  it('accepts the WhatsApp route with a JSON body and an encoded query too', async () => {
    expect((await call('POST', '/api/v1/external/whatsapp/otp', { to_phone: PHONE })).json['data'].to).toBe(
      PHONE,
    );
    expect(
      (await call('POST', '/api/v1/external/whatsapp/otp?to_phone=%2B919876543210')).json['data'].to,
    ).toBe(PHONE);
  });

  it('reads the delivery status of a sent message', async () => {
    const sent = await call('POST', '/api/v1/external/sms/otp', { to_phone: PHONE });
    const res = await call(
      'GET',
      `/api/v1/external/messages/${encodeURIComponent(sent.json['data'].message_id)}/status`,
    );
    expect(res.status).toBe(200);
    expect(deliveryData.parse(res.json['data'])).toMatchObject({
      provider: 'mock',
      status: 'sent',
      request_id: sent.json['data'].request_id,
    });
    expectError(await call('GET', '/api/v1/external/messages/SMunknown/status'), 404, 'NOT_FOUND');
  });
});

describe('mobile routes', () => {
  beforeEach(() => start());

  it('send → wrong code → right code → reuse', async () => {
    const sent = await call('POST', '/api/v1/otp/send', {
      to_phone: PHONE,
      channel: 'sms',
      purpose: 'login',
    });
    expect(sent.status).toBe(200);
    const data = sendData.parse(sent.json['data']);
    expect(data).toMatchObject({ channel: 'sms', mock: true, otp_sent: '123456', resend_after_seconds: 0 });
    expect(Date.parse(data.expires_at)).toBe(t.clock.now + 300_000);

    const wrong = await call('POST', '/api/v1/otp/verify', {
      to_phone: PHONE,
      code: '000000',
      request_id: data.request_id,
    });
    expectError(wrong, 400, 'OTP_INVALID');
    expect(wrong.json['error'].details).toEqual({ attempts_left: 4 });

    const right = await call('POST', '/api/v1/otp/verify', {
      to_phone: PHONE,
      code: '123456',
      request_id: data.request_id,
    });
    expect(right.status).toBe(200);
    const verified = okEnvelope(verifyData).parse(right.json).data;
    const claims = await verifyVerificationToken(
      t.runtime.config.otp.tokenSecret,
      verified.verification_token,
      t.clock.now,
    );
    expect(claims).toMatchObject({
      sub: PHONE,
      purpose: 'login',
      request_id: data.request_id,
      code_origin: 'server',
    });

    expectError(
      await call('POST', '/api/v1/otp/verify', {
        to_phone: PHONE,
        code: '123456',
        request_id: data.request_id,
      }),
      404,
      'OTP_NOT_FOUND',
    );

    const view = await call('GET', `/api/v1/otp/requests/${data.request_id}`);
    expect(requestData.parse(view.json['data'])).toMatchObject({
      state: 'verified',
      to: '+91******3210',
      channel_used: 'sms',
      code_origin: 'server',
    });
    // No provider id in the public view: the mock id carries the full number, a wamid encodes it.
    expect(view.text).not.toContain('message_id":"');
    expect(view.text).not.toContain('9876543210');
    expect(t.logs.text()).not.toContain(verified.verification_token);
  });

  it('answers OTP_EXPIRED after the TTL and OTP_MAX_ATTEMPTS (no Retry-After) after five wrong tries', async () => {
    const first = await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'whatsapp' });
    const request_id = first.json['data'].request_id as string;
    for (let i = 0; i < 5; i += 1)
      await call('POST', '/api/v1/otp/verify', { to_phone: PHONE, code: '111111', request_id });
    const locked = await call('POST', '/api/v1/otp/verify', { to_phone: PHONE, code: '123456', request_id });
    expectError(locked, 429, 'OTP_MAX_ATTEMPTS');
    // Waiting cannot help, a new send can: no Retry-After, and the message says so.
    expect(locked.headers.get('retry-after')).toBeNull();
    expect(locked.json['error'].message).toMatch(/cannot help.*new code/);

    const second = await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' });
    t.clock.now += 300_000;
    expectError(
      await call('POST', '/api/v1/otp/verify', {
        to_phone: PHONE,
        code: '123456',
        request_id: second.json['data'].request_id,
      }),
      400,
      'OTP_EXPIRED',
    );
  });

  it('replays a send with the same Idempotency-Key and refuses it with another body', async () => {
    const headers = { 'idempotency-key': 'retry-42' };
    const first = await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' }, headers);
    const again = await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' }, headers);
    expect(again.json).toEqual(first.json);
    expectError(
      await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'whatsapp' }, headers),
      409,
      'IDEMPOTENCY_CONFLICT',
    );
  });

  it('answers NOT_FOUND for an unknown request', async () => {
    expectError(
      await call('GET', '/api/v1/otp/requests/0f8e2c1a-0000-4000-8000-000000000000'),
      404,
      'NOT_FOUND',
    );
  });
});

describe('bad input', () => {
  beforeEach(() => start());

  it.each([
    ['a number without +', { to_phone: '9876543210', channel: 'sms' }, 400, 'INVALID_PHONE'],
    ['no number', { channel: 'sms' }, 400, 'INVALID_PHONE'],
    ['a number of the wrong type', { to_phone: 919876543210, channel: 'sms' }, 400, 'INVALID_PHONE'],
    ['an unknown channel', { to_phone: PHONE, channel: 'email' }, 400, 'INVALID_CHANNEL'],
    ['no channel', { to_phone: PHONE }, 400, 'INVALID_CHANNEL'],
    ['a bad locale', { to_phone: PHONE, channel: 'sms', locale: '../../etc' }, 400, 'VALIDATION_ERROR'],
    [
      'a non-boolean allow_fallback',
      { to_phone: PHONE, channel: 'sms', allow_fallback: 'yes' },
      400,
      'VALIDATION_ERROR',
    ],
    ['an array body', [1, 2], 400, 'VALIDATION_ERROR'],
  ])('send with %s', async (_name, body, status, code) => {
    expectError(await call('POST', '/api/v1/otp/send', body), status, code);
  });

  it('refuses a caller-supplied code that is not 4-10 digits', async () => {
    expectError(
      await call('POST', '/api/v1/external/sms/otp', { to_phone: PHONE, otp: '12' }),
      400,
      'INVALID_OTP_FORMAT',
    );
    expectError(
      await call('POST', '/api/v1/otp/verify', { to_phone: PHONE, code: 'abcdef', request_id: 'r' }),
      400,
      'INVALID_OTP_FORMAT',
    );
  });

  it('refuses malformed JSON, non-JSON bodies and oversized bodies with the envelope', async () => {
    expectError(await call('POST', '/api/v1/otp/send', '{"to_phone": '), 400, 'VALIDATION_ERROR');
    expectError(
      await call('POST', '/api/v1/otp/send', 'to_phone=1', { 'content-type': 'text/plain' }),
      400,
      'VALIDATION_ERROR',
    );
    const big = JSON.stringify({ to_phone: PHONE, channel: 'sms', padding: 'x'.repeat(64 * 1024) });
    expectError(await call('POST', '/api/v1/otp/send', big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a parameter given twice, in the query or in the query and the body (no copy silently wins)', async () => {
    const route = '/api/v1/external/whatsapp/otp';
    expectError(
      await call('POST', `${route}?to_phone=+919876543210&to_phone=+919812345678`),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await call('POST', `${route}?to_phone=+919876543210`, { to_phone: '+919812345678' }),
      400,
      'VALIDATION_ERROR',
    );
    expect((await call('POST', `${route}?to_phone=+919876543210`, { otp: '123456' })).status).toBe(200);
  });

  it('answers unknown routes and methods with the envelope', async () => {
    expectError(await call('GET', '/nope'), 404, 'NOT_FOUND');
    expectError(await call('DELETE', '/api/v1/otp/send'), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/external/messages/bad%20id/status'), 400, 'VALIDATION_ERROR');
  });
});

describe('limits and providers', () => {
  it('refuses sends past the per-IP ceiling with 429 and Retry-After', async () => {
    await start({ OTP_MAX_SENDS_PER_IP_PER_MINUTE: '2' });
    await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' });
    await call('POST', '/api/v1/otp/send', { to_phone: '+919812345678', channel: 'sms' });
    const res = await call('POST', '/api/v1/otp/send', { to_phone: '+919812300000', channel: 'sms' });
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.json['error'].details).toMatchObject({ limit: 'ip' });
  });

  it('does not apply the per-IP ceiling to backend callers of the external routes', async () => {
    await start({ OTP_MAX_SENDS_PER_IP_PER_MINUTE: '1' });
    for (const phone of [PHONE, '+919812345678', '+919812300000']) {
      expect((await call('POST', '/api/v1/external/sms/otp', { to_phone: phone })).status).toBe(200);
    }
  });

  it('answers CHANNEL_DISABLED (422, permanent) when mock mode is off and no provider is configured', async () => {
    await start({ PIONEER_FLAG_MOCK_OTP_ENABLED: 'false' });
    const res = await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' });
    expectError(res, 422, 'CHANNEL_DISABLED');
    expect(res.json['error'].details).toMatchObject({ channel: 'sms' });
    expect(res.headers.get('retry-after')).toBeNull();
  });
});

describe('API keys', () => {
  beforeEach(() => start({ GATEWAY_API_KEYS: 'key-one, key-two' }));

  it('guards the external routes with X-API-Key or Bearer, any configured key', async () => {
    const body = { to_phone: PHONE };
    expectError(await call('POST', '/api/v1/external/sms/otp', body), 401, 'UNAUTHENTICATED');
    expectError(
      await call('POST', '/api/v1/external/sms/otp', body, { 'x-api-key': 'key-three' }),
      401,
      'UNAUTHENTICATED',
    );
    expect((await call('POST', '/api/v1/external/sms/otp', body, { 'x-api-key': 'key-two' })).status).toBe(
      200,
    );
    expect(
      (await call('POST', '/api/v1/external/sms/otp', body, { authorization: 'Bearer key-one' })).status,
    ).toBe(200);
  });

  it('leaves the mobile routes open', async () => {
    expect((await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' })).status).toBe(200);
  });
});

describe('operations', () => {
  beforeEach(() => start());

  it('serves health, readiness with flag state, and metrics', async () => {
    expect((await call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({
      status: 'ready',
      checks: { store: { ok: true, kind: 'sqlite' }, flags: { source: 'env' } },
    });
    await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' });
    const metrics = await call('GET', '/metrics');
    expect(metrics.text).toMatch(
      /otp_sends_total\{channel="sms",provider="mock",country="IN",outcome="sent",app="gateway"\} 1/,
    );
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/otp\/send"/);
    expect(metrics.text).not.toContain('9876543210');
  });

  it('labels request timings by the full route pattern, refusals included, and unknown paths as unmatched', async () => {
    await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' });
    await call('POST', '/api/v1/otp/send', { to_phone: 'not-a-phone', channel: 'sms' });
    await call('GET', '/api/v1/admin/audit?foo=1');
    await call('GET', '/api/v1/otp/requests/some-id-123');
    await call('GET', '/no/such/path-4242');
    const routes = new Set(
      [
        ...(await call('GET', '/metrics')).text.matchAll(
          /http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g,
        ),
      ].map((match) => match[1]),
    );
    expect([...routes].filter((route) => !route?.startsWith('/'))).toEqual(['unmatched']);
    expect(routes).toContain('/api/v1/otp/send');
    expect(routes).toContain('/api/v1/admin/audit');
    expect(routes).toContain('/api/v1/otp/requests/:id');
    expect(
      [...routes].filter(
        (route) => route?.startsWith('/') && !/^\/(api\/v1|healthz|readyz|metrics)/.test(route),
      ),
    ).toEqual([]);
    expect([...routes].join()).not.toMatch(/some-id-123|path-4242/);
  });

  it('reports not ready (503) when the store is gone', async () => {
    await t.runtime.store.close();
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ status: 'not_ready', checks: { store: { ok: false } } });
    expectError(
      await call('POST', '/api/v1/otp/send', { to_phone: PHONE, channel: 'sms' }),
      503,
      'STORE_UNAVAILABLE',
    );
  });

  it('publishes an OpenAPI 3 document of every route', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).json;
    expect(doc['openapi']).toMatch(/^3\./);
    expect(Object.keys(doc['paths'])).toEqual(
      expect.arrayContaining([
        '/api/v1/external/sms/otp',
        '/api/v1/external/whatsapp/otp',
        '/api/v1/external/messages/{message_id}/status',
        '/api/v1/otp/send',
        '/api/v1/otp/verify',
        '/api/v1/otp/requests/{request_id}',
      ]),
    );
    const sendSchema = doc['paths']['/api/v1/otp/send'].post.requestBody.content['application/json'].schema;
    expect(sendSchema.required).toEqual(['to_phone', 'channel']);
    expect(sendSchema.properties.channel.enum).toEqual(['sms', 'whatsapp']);
  });
});
