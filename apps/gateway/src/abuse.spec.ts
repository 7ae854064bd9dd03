// Issue 9 over real HTTP, in real mode against the fake providers (mock sends cost nothing, so the money
// and per-number defences only apply to real ones): each attack is stopped, answered with the envelope
// and Retry-After, counted in /metrics and found in the audit trail through GET /api/v1/admin/audit.
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { listenHttp, type Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { buildGatewayApp } from './app';
import { auditData } from './admin-schemas';
import { errorEnvelope, okEnvelope } from './schemas';

const ADMIN_KEY = 'admin-key-0123456789abcdef0123456789ab';
const PHONE = '+919876543210';

let fakes: FakeProviders;
let t: TestRuntime;
let server: Listener;
let base: string;

beforeAll(async () => {
  fakes = await createFakeProviders();
});
afterAll(() => fakes?.close());
afterEach(async () => {
  await server?.close();
  await t?.close();
});

async function start(env: Record<string, string> = {}) {
  t = await startTestRuntime('gateway', {
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    PROVIDER_RETRY_BUDGET_MS: '0',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    TRUST_PROXY: '1',
    ADMIN_API_KEYS: ADMIN_KEY,
    ...env,
  });
  server = await listenHttp(buildGatewayApp(t.runtime), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Json };
}
/** A public send from a client at `ip` (behind the one proxy TRUST_PROXY=1 trusts). */
const send = (toPhone: string, ip = '198.51.100.1') =>
  call('POST', '/api/v1/otp/send', { to_phone: toPhone, channel: 'sms' }, { 'x-forwarded-for': ip });
const verify = (toPhone: string, code: string, requestId: string, ip = '198.51.100.1') =>
  call(
    'POST',
    '/api/v1/otp/verify',
    { to_phone: toPhone, code, request_id: requestId },
    { 'x-forwarded-for': ip },
  );
const audit = (query = '') =>
  call('GET', `/api/v1/admin/audit${query}`, undefined, { 'x-api-key': ADMIN_KEY });
const delivered = (phone: string) => fakes.messages.filter((m) => m.to === phone);

function expectRefusal(res: Awaited<ReturnType<typeof call>>, status: number, code: string, kind?: string) {
  expect({
    status: res.status,
    code: res.json['error']?.code,
    kind: res.json['error']?.details?.kind,
  }).toEqual({
    status,
    code,
    kind,
  });
  expect(errorEnvelope.safeParse(res.json).success).toBe(true);
  if (status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

it('refuses a destination outside OTP_ALLOWED_COUNTRIES with 422 COUNTRY_NOT_ALLOWED, reaching no provider', async () => {
  await start();
  const before = fakes.messages.length;
  const res = await send('+12025550123');
  expectRefusal(res, 422, 'COUNTRY_NOT_ALLOWED', 'country');
  expect(res.json['error'].details.country).toBe('US');
  expect(fakes.messages).toHaveLength(before);
});

it('stops an SMS-pumping loop at the prefix budget, then at the global budget, visible in metrics and the audit trail', async () => {
  await start({ OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: '3', OTP_MAX_SENDS_PER_MINUTE: '5' });
  const before = fakes.messages.length;
  const statuses: string[] = [];
  // Consecutive numbers of one block, then of the next blocks: each number is new, each address too.
  for (let n = 0; n < 8; n += 1) {
    const block = Math.floor(n / 4);
    const res = await send(`+9198765${block}0${String(n).padStart(3, '0')}`, `203.0.113.${n}`);
    statuses.push(res.status === 200 ? 'sent' : `${res.status}:${res.json['error'].details.kind}`);
  }
  expect(statuses).toEqual([
    'sent',
    'sent',
    'sent',
    '429:prefix',
    'sent',
    'sent',
    '429:global',
    '429:global',
  ]);
  expect(fakes.messages.length - before).toBe(5);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/otp_refusals_total\{kind="prefix",app="gateway"\} 1/);
  expect(metrics).toMatch(/otp_refusals_total\{kind="global",app="gateway"\} 2/);
  expect(metrics).toMatch(/otp_global_budget_trips_total\{app="gateway"\} 1/);
  expect(metrics).toMatch(
    /otp_sends_total\{channel="sms",provider="twilio",country="IN",outcome="sent",app="gateway"\} 5/,
  );

  const refused = await audit('?outcome=refused&action=send');
  expect(refused.json['data'].entries.map((e: Json) => e.detail)).toEqual(['global', 'global', 'prefix']);
});

it('stops a brute-force loop across numbers at the verify failure budget: 429 with Retry-After, nothing spent', async () => {
  await start({ OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR: '4', OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const answers: number[] = [];
  let last = { phone: '', requestId: '' };
  for (let n = 0; n < 3; n += 1) {
    last = {
      phone: `+9198${n}2345678`,
      requestId: (await send(`+9198${n}2345678`, '192.0.2.1')).json['data'].request_id,
    };
    for (let i = 0; i < 2; i += 1)
      answers.push((await verify(last.phone, '000000', last.requestId, '192.0.2.66')).status);
  }
  expect(answers).toEqual([400, 400, 400, 400, 429, 429]);
  const refused = await verify(
    last.phone,
    delivered(last.phone).at(-1)?.code ?? '',
    last.requestId,
    '192.0.2.66',
  );
  expectRefusal(refused, 429, 'RATE_LIMITED', 'verify_failures');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
  // The owner, from their own address, still has every attempt the attacker was refused.
  const view = await call('GET', `/api/v1/otp/requests/${last.requestId}`);
  expect(view.json['data'].attempts_left).toBe(5);
  const owner = await verify(
    last.phone,
    delivered(last.phone).at(-1)?.code ?? '',
    last.requestId,
    '198.51.100.7',
  );
  expect(owner.status).toBe(200);
});

it('a stranger’s five public sends leave a backend send to the same number working', async () => {
  await start({ OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const statuses = [];
  for (let i = 0; i < 6; i += 1) statuses.push((await send(PHONE, `203.0.113.${10 + i}`)).status);
  expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  const backend = await call('POST', '/api/v1/external/sms/otp', { to_phone: PHONE });
  expect(backend.status).toBe(200);
  expect(backend.json['data']).toMatchObject({ to: PHONE, provider: 'twilio' });
});

it('one address cannot take a number’s whole public window', async () => {
  await start({ OTP_RESEND_COOLDOWN_SECONDS: '0', OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW: '2' });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await send(PHONE, '203.0.113.20')).status);
  expect(statuses).toEqual([200, 200, 429]);
  expect((await send(PHONE, '198.51.100.30')).status).toBe(200);
});

describe('GET /api/v1/admin/audit', () => {
  it('pages a whole flow by request id and by phone, with no code and no full number; every access is audited', async () => {
    await start();
    const sent = await send(PHONE, '198.51.100.5');
    const requestId = sent.json['data'].request_id as string;
    const code = delivered(PHONE).at(-1)?.code ?? '';
    await verify(PHONE, code === '000000' ? '111111' : '000000', requestId, '198.51.100.5');
    expect((await verify(PHONE, code, requestId, '198.51.100.5')).status).toBe(200);

    const flow = await audit(`?request_id=${requestId}`);
    expect(flow.status).toBe(200);
    expect(okEnvelope(auditData).safeParse(flow.json).success).toBe(true);
    expect(flow.json['data'].entries.map((e: Json) => `${e.action}:${e.outcome}`)).toEqual([
      'verify:approved',
      'verify:invalid_code',
      'send:sent',
    ]);
    expect(flow.json['data'].entries[2]).toMatchObject({
      channel: 'sms',
      provider: 'twilio',
      caller: { kind: 'public', id: null },
      phone_masked: '+91******3210',
      country: 'IN',
      client_ip_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(flow.text).not.toContain(code);
    expect(flow.text).not.toContain('9876543210');
    expect(flow.text).not.toContain('198.51.100.5');

    // By phone, one row per page, following next_cursor to the end.
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await audit(`?phone=%2B919876543210&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.json['data'].entries.map((e: Json) => e.outcome));
      cursor = page.json['data'].next_cursor;
    }
    expect(seen).toEqual(['approved', 'invalid_code', 'sent']);

    const denied = await call('GET', '/api/v1/admin/audit', undefined, { 'x-api-key': 'wrong' });
    expectRefusal(denied, 401, 'UNAUTHENTICATED');
    const admin = await audit('?action=admin');
    const outcomes = admin.json['data'].entries.map((e: Json) => e.outcome);
    expect(outcomes[0]).toBe('allowed');
    expect(outcomes).toContain('denied');
    expect(admin.json['data'].entries[0]).toMatchObject({
      caller: { kind: 'admin', id: expect.stringMatching(/^[0-9a-f]{12}$/) },
      detail: 'GET /api/v1/admin/audit',
    });
  });

  it('refuses a wrong filter, an unknown or repeated key, and a bad number with the envelope', async () => {
    await start();
    for (const [query, code] of [
      ['?limit=0', 'VALIDATION_ERROR'],
      ['?limit=501', 'VALIDATION_ERROR'],
      ['?from=yesterday', 'VALIDATION_ERROR'],
      ['?action=delete', 'VALIDATION_ERROR'],
      ['?outcome=sent&outcome=refused', 'VALIDATION_ERROR'],
      ['?phne=%2B919876543210', 'VALIDATION_ERROR'],
      ['?cursor=abc', 'VALIDATION_ERROR'],
      ['?phone=12345', 'INVALID_PHONE'],
    ] as const) {
      expectRefusal(await audit(query), 400, code);
    }
  });

  it('is closed in production without an admin key configured, and says so in the trail', async () => {
    await start({
      NODE_ENV: 'production',
      OTP_HASH_SECRET: 'production-hash-secret-0123456789abcdef',
      OTP_TOKEN_SECRET: 'production-token-secret-0123456789abcdef',
      GATEWAY_API_KEYS: 'backend-key-0123456789abcdef012345678',
      GRPC_AUTH_TOKENS: 'grpc-token-0123456789abcdef0123456789ab',
      TWILIO_AUTH_TOKEN: 'production-twilio-token-0123456789abcdef',
      ADMIN_API_KEYS: '',
    });
    expectRefusal(await call('GET', '/api/v1/admin/audit'), 403, 'FORBIDDEN');
    const rows = await t.runtime.store.listAudit({ limit: 5 });
    expect(rows.entries.map((e) => [e.action, e.outcome])).toEqual([['admin', 'denied']]);
  });
});
