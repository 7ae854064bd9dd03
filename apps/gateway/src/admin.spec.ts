// GET /api/v1/admin/stats over seeded data (period boundaries, buckets, conversion, cost), its guard,
// and the /ops sign-in: a real gateway on port 0 over a real SQLite file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelName, DeliveryStatus, ProviderName } from '@agent-mitra/contract';
import { listenHttp, type Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { buildGatewayApp } from './app';
import { OpsSessions, SESSION_TTL_MS } from './ops/session';

const KEY = 'admin-key-0123456789abcdef0123456789ab';
const FROM = Date.parse('2026-11-30T10:00:00Z');
const HOUR = 3_600_000;
const PRICES = {
  currency: 'INR',
  channels: { sms: { IN: 0.2, '*': 5 }, whatsapp: { IN: 0.12 } },
  providers: { twilio: { IN: 0.9 } },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read arbitrary JSON answers
type Json = any;

let t: TestRuntime;
let server: Listener;
let base: string;

async function start(env: Record<string, string>) {
  t = await startTestRuntime('gateway', env);
  server = await listenHttp(buildGatewayApp(t.runtime, { clock: () => t.clock.now }), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
}
async function stop() {
  await server?.close();
  await t?.close();
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: (text.startsWith('{') ? JSON.parse(text) : null) as Json,
  };
}

let serial = 0;
/** One request as the engine and the webhooks app would leave it in the store. */
async function seed(
  at: number,
  country: string,
  send: { channel: ChannelName; provider: ProviderName; receipts?: [DeliveryStatus, number][] },
  verified: boolean,
) {
  const store = t.runtime.store;
  serial += 1;
  const id = `seed-${serial}`;
  const key = `key-${serial}`;
  await store.createRequest({
    id,
    phoneHash: `ph-${serial}`,
    phoneMasked: '+91******3210',
    channel: send.channel,
    country,
    purpose: null,
    codeHash: 'h',
    codeOrigin: 'server',
    callerClass: 'public' as const,
    mock: false,
    createdAt: at,
    expiresAt: at + 300_000,
    maxAttempts: 5,
  });
  const attempt = { requestId: id, channel: send.channel, provider: send.provider, messageKey: key };
  await store.recordSendAttempt({
    ...attempt,
    status: 'sent',
    errorCode: null,
    errorMessage: null,
    recipientMasked: '+91******3210',
    at: at + 50,
  });
  for (const [status, after] of send.receipts ?? []) {
    await store.recordDeliveryEvent({
      provider: send.provider,
      messageKey: key,
      status,
      at: at + 50 + after,
      receivedAt: at + 50 + after,
      dedupeKey: status,
      errorCode: status === 'undelivered' ? '30003' : null,
      errorMessage: null,
      recipientMasked: '+91******3210',
      details: null,
    });
  }
  await store.completeSend(id, { ok: true, provider: send.provider, messageKey: key, channel: send.channel });
  if (verified) await store.markVerified(id, at + 20_000);
}

describe('GET /api/v1/admin/stats', () => {
  beforeAll(async () => {
    const pricesFile = join(require('node:os').tmpdir(), `prices-${process.pid}.json`);
    writeFileSync(pricesFile, JSON.stringify(PRICES));
    await start({ ADMIN_API_KEYS: KEY, OTP_PRICES_FILE: pricesFile, OTP_ALLOWED_COUNTRIES: '*' });
    await seed(FROM, 'IN', { channel: 'sms', provider: 'twilio', receipts: [['delivered', 4_000]] }, true);
    await seed(
      FROM + HOUR / 2,
      'IN',
      {
        channel: 'whatsapp',
        provider: 'whatsapp',
        receipts: [
          ['delivered', 2_000],
          ['read', 9_000],
        ],
      },
      true,
    );
    await seed(
      FROM + HOUR + 15 * 60_000,
      'IN',
      { channel: 'sms', provider: 'msg91', receipts: [['undelivered', 3_000]] },
      false,
    );
    await seed(FROM + 3 * HOUR - 1, 'GB', { channel: 'sms', provider: 'twilio' }, false);
    await seed(FROM - 1, 'IN', { channel: 'sms', provider: 'twilio' }, true);
    await seed(FROM + 3 * HOUR, 'IN', { channel: 'sms', provider: 'twilio' }, true);
  });
  afterAll(stop);

  const PERIOD = '/api/v1/admin/stats?from=2026-11-30T10:00:00Z&to=2026-11-30T13:00:00Z&bucket=1h';

  it('needs an admin key (X-API-Key or Bearer)', async () => {
    expect((await get(PERIOD)).json.error.code).toBe('UNAUTHENTICATED');
    expect((await get(PERIOD, { 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await get(PERIOD, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    const res = await get(PERIOD, { 'x-api-key': KEY });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ success: true, message: 'stats for the period' });
  });

  it('counts the requests of [from, to) only, in buckets counted from `from`', async () => {
    const { data } = (await get(PERIOD, { 'x-api-key': KEY })).json;
    expect(data.period).toEqual({
      from: '2026-11-30T10:00:00.000Z',
      to: '2026-11-30T13:00:00.000Z',
      bucket: '1h',
      bucket_seconds: 3600,
      buckets: 3,
    });
    expect(
      data.series.map((b: Json) => [b.start, b.end, b.totals.sent, b.totals.verified, b.totals.failed]),
    ).toEqual([
      ['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z', 2, 2, 0],
      ['2026-11-30T11:00:00.000Z', '2026-11-30T12:00:00.000Z', 1, 0, 1],
      ['2026-11-30T12:00:00.000Z', '2026-11-30T13:00:00.000Z', 1, 0, 0],
    ]);
    expect(data.series[0].channels).toMatchObject({
      sms: { sent: 1, delivered: 1 },
      whatsapp: { sent: 1, read: 1 },
    });
  });

  it('gives conversion, delivery, time to delivery and cost (SMS per sent, WhatsApp per delivered)', async () => {
    const { data } = (await get(PERIOD, { 'x-api-key': KEY })).json;
    expect(data.totals).toMatchObject({
      requests: 4,
      sent: 4,
      delivered: 2,
      read: 1,
      failed: 1,
      verified: 2,
      conversion: 0.5,
      delivery_rate: 0.5,
      median_delivery_seconds: 2,
      p95_delivery_seconds: 4,
      unpriced: 0,
    });
    // Twilio to IN 0.9 + WhatsApp delivered 0.12 + MSG91 to IN (the SMS price) 0.2 + Twilio to GB (SMS *) 5.
    expect(data.totals.cost).toBeCloseTo(6.22, 6);
    expect(data.currency).toBe('INR');
    expect(data.channels.map((c: Json) => [c.channel, c.requests, c.sent, c.verified, c.conversion])).toEqual(
      [
        ['sms', 3, 3, 1, 0.3333],
        ['whatsapp', 1, 1, 1, 1],
      ],
    );
    expect(data.countries.map((c: Json) => [c.country, c.sent, c.verified, c.suspicious])).toEqual([
      ['IN', 3, 2, false],
      ['GB', 1, 0, false],
    ]);
    expect(data.errors).toEqual([
      { provider: 'msg91', channel: 'sms', stage: 'receipt', code: '30003', count: 1, meaning: null },
    ]);
    expect(data.recent_failures).toEqual([
      expect.objectContaining({
        stage: 'receipt',
        status: 'undelivered',
        country: 'IN',
        to: '+91******3210',
      }),
    ]);
  });

  it('refuses bad input with VALIDATION_ERROR naming the field', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['from=2026-11-30T12:00:00Z&to=2026-11-30T10:00:00Z', 'from'],
      ['bucket=2h', 'bucket'],
      ['from=2026-09-01T00:00:00Z&to=2026-11-30T00:00:00Z&bucket=5m', 'bucket'],
      ['to=2026-11-30T10:00:00Z&to=2026-11-30T11:00:00Z', 'to'],
      ['bucket=1h&bucket=1d', 'bucket'],
      ['period=__proto__', 'period'],
      ['period[]=1', 'period[]'],
      ['__proto__=1', '__proto__'],
      ['constructor=1', 'constructor'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/api/v1/admin/stats?${query}`, { 'x-api-key': KEY });
      expect({
        query,
        status: res.status,
        code: res.json.error.code,
        field: res.json.error.details.field,
      }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_ERROR',
        field,
      });
    }
  });

  it('the audit route names an unknown or repeated parameter in details.field', async () => {
    for (const [query, field] of [
      ['foo=1', 'foo'],
      ['limit=1&limit=2', 'limit'],
      ['constructor=1', 'constructor'],
      ['__proto__=1', '__proto__'],
      ['toString=1', 'toString'],
    ]) {
      const res = await get(`/api/v1/admin/audit?${query}`, { 'x-api-key': KEY });
      expect([res.status, res.json.error.code, res.json.error.details.field]).toEqual([
        400,
        'VALIDATION_ERROR',
        field,
      ]);
    }
  });

  it('shows mock sends made through the real routes, with their country and the flag source', async () => {
    const sent = await fetch(`${base}/api/v1/otp/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to_phone: '+447400123456', channel: 'sms' }),
    });
    expect(sent.status).toBe(200);
    t.clock.now += 1_000; // the period ends now, exclusive
    const { data } = (await get('/api/v1/admin/stats', { 'x-api-key': KEY })).json;
    expect(data.mock).toEqual({
      on: true,
      reach: 'everyone',
      source: 'env',
      limited_to_test_numbers: false,
      test_numbers: 0,
      sends: 1,
    });
    expect(data.countries).toEqual([expect.objectContaining({ country: 'GB', sent: 1, mock: 1, cost: 0 })]);
  });
});

describe('/ops sign-in', () => {
  beforeAll(() => start({ ADMIN_API_KEYS: `${KEY},other-admin-key-0123456789abcdef0123` }));
  afterAll(stop);

  const cookieOf = (res: Response, name: string) =>
    res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '';
  const pair = (setCookie: string) => setCookie.split(';')[0] ?? '';

  async function form(extra: Record<string, string> = {}) {
    const page = await fetch(`${base}/ops/login`);
    const html = await page.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { csrf, cookie: pair(cookieOf(page, 'ops_csrf')), page, html, ...extra };
  }
  const post = (body: Record<string, string>, cookie: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/ops/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
      body: new URLSearchParams(body).toString(),
    });

  it('sends a visitor to the form, under a strict CSP, with an anti-CSRF cookie', async () => {
    const ops = await get('/ops');
    expect(ops.status).toBe(303);
    expect(ops.headers.get('location')).toBe('/ops/login');
    const { page, html, csrf } = await form();
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(cookieOf(page, 'ops_csrf')).toMatch(/HttpOnly/);
    expect(cookieOf(page, 'ops_csrf')).toMatch(/SameSite=Strict/);
    expect(html).toContain('<label for="key">Admin key</label>');
    expect(csrf.length).toBeGreaterThan(30);
  });

  it('refuses a wrong key, a missing or foreign CSRF token, and a post from another site', async () => {
    const { csrf, cookie } = await form();
    expect((await post({ key: 'nope', csrf }, cookie)).status).toBe(401);
    expect((await post({ key: KEY }, cookie)).status).toBe(403);
    expect((await post({ key: KEY, csrf: `${csrf}x` }, cookie)).status).toBe(403);
    expect((await post({ key: KEY, csrf }, cookie, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('exchanges the key for an HttpOnly, SameSite=Strict session that opens /ops and the stats API, then expires', async () => {
    const { csrf, cookie } = await form();
    const signedIn = await post({ key: KEY, csrf }, cookie, { origin: base });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/ops');
    const session = cookieOf(signedIn, 'ops_session');
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Max-Age=7200/);
    expect(session).not.toMatch(/Secure/); // plain HTTP in test mode; Secure in production
    expect(session).not.toContain(KEY);
    const headers = { cookie: pair(session) };
    expect((await get('/api/v1/admin/stats', headers)).status).toBe(200);
    const ops = await get('/ops', headers);
    expect([ops.status, ops.text]).toEqual([503, expect.stringContaining('Dashboard not built')]);
    t.clock.now += SESSION_TTL_MS + 1;
    expect((await get('/api/v1/admin/stats', headers)).status).toBe(401);
    expect((await get('/ops', headers)).status).toBe(303);
  });
});

describe('/ops sessions and wrong keys', () => {
  const OTHER = 'other-admin-key-0123456789abcdef0123';
  afterEach(stop);

  async function signIn(key: string, headers: Record<string, string> = {}) {
    const page = await fetch(`${base}/ops/login`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('ops_csrf=')) ?? '';
    return fetch(`${base}/ops/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: csrfCookie.split(';')[0] ?? '',
        ...headers,
      },
      body: new URLSearchParams({ key, csrf }).toString(),
    });
  }
  const sessionOf = (res: Response) =>
    res.headers.getSetCookie().find((c) => c.startsWith('ops_session=')) ?? '';

  it('a session cookie works only from the dashboard’s own origin; a key in a header from anywhere', async () => {
    await start({ ADMIN_API_KEYS: KEY });
    const cookie = sessionOf(await signIn(KEY)).split(';')[0] ?? '';
    const stats = (headers: Record<string, string>) => get('/api/v1/admin/stats', headers);
    expect((await stats({ cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await stats({ cookie, 'sec-fetch-site': 'none' })).status).toBe(200);
    expect((await stats({ cookie })).status).toBe(200);
    for (const site of ['cross-site', 'same-site']) {
      const res = await stats({ cookie, 'sec-fetch-site': site });
      expect([site, res.status, res.json.error.code]).toEqual([site, 403, 'FORBIDDEN']);
    }
    expect((await stats({ 'x-api-key': KEY, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('a wrong key at /ops/login is in the audit trail as denied, a right one as allowed', async () => {
    await start({ ADMIN_API_KEYS: KEY });
    expect((await signIn('not-the-admin-key-0123456789abcdef0')).status).toBe(401);
    expect((await signIn(KEY)).status).toBe(303);
    const { entries } = (await get('/api/v1/admin/audit?action=admin', { 'x-api-key': KEY })).json.data;
    const logins = (entries as { outcome: string; detail: string }[])
      .filter((e) => e.detail === 'POST /ops/login')
      .map((e) => e.outcome);
    expect(logins).toEqual(['allowed', 'denied']);
  });

  it('throttles wrong admin keys per client address, on the form and on the API alike', async () => {
    await start({ ADMIN_API_KEYS: `${KEY},${OTHER}` });
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(`wrong-key-${i}-0123456789abcdef0123456`)).status).toBe(401);
      expect((await get('/api/v1/admin/stats', { 'x-api-key': `wrong-${i}` })).status).toBe(401);
    }
    const api = await get('/api/v1/admin/stats', { 'x-api-key': KEY });
    expect([api.status, api.json.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    const form = await signIn(OTHER);
    expect(form.status).toBe(429);
    expect(sessionOf(form)).toBe('');
  });

  it('marks the session cookie Secure in production even when the request came in clear', async () => {
    await start({
      NODE_ENV: 'production',
      OTP_HASH_SECRET: 'h'.repeat(40),
      OTP_TOKEN_SECRET: 't'.repeat(40),
      GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef0123456789',
      GRPC_AUTH_TOKENS: 'grpc-token-0123456789abcdef01234567890',
      ADMIN_API_KEYS: KEY,
    });
    const session = sessionOf(await signIn(KEY));
    expect(session).toMatch(/^ops_session=[^;]+;.*; Secure/);
  });
});

describe('admin routes without ADMIN_API_KEYS', () => {
  afterEach(stop);

  it('are open in development and test, like the other development defaults', async () => {
    await start({});
    expect((await get('/api/v1/admin/stats')).status).toBe(200);
  });

  it('are off in production', async () => {
    await start({
      NODE_ENV: 'production',
      OTP_HASH_SECRET: 'h'.repeat(40),
      OTP_TOKEN_SECRET: 't'.repeat(40),
      GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef0123456789',
      GRPC_AUTH_TOKENS: 'grpc-token-0123456789abcdef01234567890',
    });
    const res = await get('/api/v1/admin/stats', { 'x-api-key': 'anything-at-all-0123456789abcdef012' });
    expect([res.status, res.json.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await get('/ops')).status).toBe(403);
  });
});

describe('OpsSessions', () => {
  it('ends a session when its key leaves ADMIN_API_KEYS, and refuses a tampered cookie', () => {
    const sessions = new OpsSessions('s'.repeat(40));
    const value = sessions.issue('key-a', 1_000);
    expect(sessions.verify(value, 2_000, ['key-a', 'key-b'])).toBe('key-a');
    expect(sessions.verify(value, 2_000, ['key-b'])).toBeNull();
    const [payload, signature] = value.split('.');
    const forged = Buffer.from(JSON.stringify({ k: 'key-a', e: 9e15 })).toString('base64url');
    expect(sessions.verify(`${forged}.${signature}`, 2_000, ['key-a'])).toBeNull();
    expect(sessions.verify(`${payload}.${signature}x`, 2_000, ['key-a'])).toBeNull();
    expect(new OpsSessions('o'.repeat(40)).verify(value, 2_000, ['key-a'])).toBeNull();
    expect(sessions.verify(undefined, 2_000, ['key-a'])).toBeNull();
  });
});
