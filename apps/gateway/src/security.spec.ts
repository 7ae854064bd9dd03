// The gateway's defences (DESIGN §2, §4, §9; issue 8): no public login from a caller-chosen code, a
// stranger cannot spend the owner's attempts, no caching of codes and tokens, ops detail behind the
// admin key in production, proxy trust, published ES256 keys, and input meaning what it means on gRPC.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { appEnv, createFakeProviders, graphErrorBody, type FakeProviders } from '@agent-mitra/fake-providers';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@agent-mitra/otp-engine';
import { listenHttp, type Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { buildGatewayApp } from './app';

const PHONE = '+919876543210';
const ADMIN_KEY = 'admin-key-0123456789abcdef0123456789ab';
const BACKEND_KEY = 'backend-key-0123456789abcdef012345678';
const PRODUCTION = {
  NODE_ENV: 'production',
  OTP_HASH_SECRET: 'production-hash-secret-0123456789abcdef',
  OTP_TOKEN_SECRET: 'production-token-secret-0123456789abcdef',
  GATEWAY_API_KEYS: BACKEND_KEY,
  GRPC_AUTH_TOKENS: 'grpc-token-0123456789abcdef0123456789ab',
  ADMIN_API_KEYS: ADMIN_KEY,
};

let t: TestRuntime;
let server: Listener;
let base: string;

async function start(env: Record<string, string> = {}) {
  t = await startTestRuntime('gateway', env);
  server = await listenHttp(buildGatewayApp(t.runtime), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
}

afterEach(async () => {
  await server?.close();
  await t?.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, text, json };
}

const send = (body: object, headers?: Record<string, string>) =>
  call('POST', '/api/v1/otp/send', body, headers);
const verify = (body: object) => call('POST', '/api/v1/otp/verify', body);

describe('public verify', () => {
  beforeEach(() => start());

  it('never turns a code a backend chose into a login (the minted-login attempt)', async () => {
    const minted = await call('POST', '/api/v1/external/sms/otp', { to_phone: PHONE, otp: '4242' });
    expect(minted.status).toBe(200);
    const request_id = minted.json['data'].request_id as string;
    // Mock mode sends 123456 whatever the caller chose; neither verifies on the public route.
    for (const code of ['4242', '123456']) {
      const res = await verify({ to_phone: PHONE, code, request_id });
      expect([res.status, res.json['error']?.code, res.json['data']]).toEqual([
        404,
        'OTP_NOT_FOUND',
        undefined,
      ]);
    }
    const withoutId = await verify({ to_phone: PHONE, code: '4242' });
    expect([withoutId.status, withoutId.json['error'].code]).toEqual([400, 'VALIDATION_ERROR']);
    const view = await call('GET', `/api/v1/otp/requests/${request_id}`);
    expect(view.json['data']).toMatchObject({ code_origin: 'caller', attempts_left: 5 });
  });

  it('a stranger’s five wrong codes (without the request id, or with a wrong one) leave the owner’s code working', async () => {
    const owner = await send({ to_phone: PHONE, channel: 'sms' });
    const request_id = owner.json['data'].request_id as string;
    for (let i = 0; i < 5; i += 1) {
      expect((await verify({ to_phone: PHONE, code: '000000' })).status).toBe(400);
      expect((await verify({ to_phone: PHONE, code: '000000', request_id: '' })).status).toBe(400);
      expect(
        (
          await verify({
            to_phone: PHONE,
            code: '000000',
            request_id: `0f8e2c1a-0000-4000-8000-00000000000${i}`,
          })
        ).status,
      ).toBe(404);
    }
    const right = await verify({ to_phone: PHONE, code: '123456', request_id });
    expect(right.status).toBe(200);
    expect(right.json['data'].verified).toBe(true);
  });

  it('reads a number pasted with invisible formatting marks as the number shown', async () => {
    const pasted = '\u2068+91\u00a098765\u00a043210\u2069\u200e';
    const sent = await send({ to_phone: pasted, channel: 'sms' });
    expect(sent.json['data']).toMatchObject({ to: PHONE });
    const ok = await verify({
      to_phone: `\u202a${PHONE}\u202c`,
      code: '123456',
      request_id: sent.json['data'].request_id,
    });
    expect(ok.status).toBe(200);
    expect((await send({ to_phone: '+91 98765 4321O', channel: 'sms' })).json['error'].code).toBe(
      'INVALID_PHONE',
    );
  });
});

describe('answers carrying a code or a token', () => {
  beforeEach(() => start());

  it('are never cached (Cache-Control: no-store), errors included', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'sms' });
    expect(sent.json['data'].otp_sent).toBe('123456');
    const verified = await verify({
      to_phone: PHONE,
      code: '123456',
      request_id: sent.json['data'].request_id,
    });
    expect(verified.json['data'].verification_token).toMatch(/^ey/);
    const external = await call('POST', '/api/v1/external/whatsapp/otp', { to_phone: PHONE });
    const wrong = await verify({ to_phone: PHONE, code: '1', request_id: 'x' });
    for (const res of [sent, verified, external, wrong])
      expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('same input, same meaning as gRPC', () => {
  beforeEach(() => start());

  it('an empty otp, purpose or locale is absent: the server generates the code', async () => {
    const res = await call('POST', '/api/v1/external/sms/otp', {
      to_phone: PHONE,
      otp: '',
      purpose: '',
      locale: '',
    });
    expect(res.status).toBe(200);
    const view = await call('GET', `/api/v1/otp/requests/${res.json['data'].request_id}`);
    expect(view.json['data']).toMatchObject({ code_origin: 'server', purpose: null });
  });
});

describe('with real channels (the fake providers)', () => {
  let fakes: FakeProviders;
  beforeEach(async () => {
    fakes = await createFakeProviders();
    await start({
      OTP_RESEND_COOLDOWN_SECONDS: '0',
      PROVIDER_RETRY_BUDGET_MS: '0',
      ...appEnv(fakes),
    });
  });
  afterEach(() => fakes.close());

  it('the original WhatsApp route falls back to SMS by default, and not when told allow_fallback=false', async () => {
    fakes.failNext({
      provider: 'whatsapp',
      status: 400,
      body: graphErrorBody(131026, 'Message undeliverable'),
    });
    const fellBack = await call('POST', `/api/v1/external/whatsapp/otp?to_phone=${PHONE}`);
    expect(fellBack.json['data']).toMatchObject({ channel: 'sms', provider: 'twilio' });
    fakes.failNext({
      provider: 'whatsapp',
      status: 400,
      body: graphErrorBody(131026, 'Message undeliverable'),
    });
    const refused = await call('POST', '/api/v1/external/whatsapp/otp', {
      to_phone: PHONE,
      allow_fallback: false,
    });
    expect([refused.status, refused.json['error'].code]).toEqual([422, 'PROVIDER_REJECTED']);
  });

  it('a delivery looked up by id echoes that id; the request view never shows it', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'whatsapp' });
    const wamid = sent.json['data'].message_id as string;
    expect(wamid).toMatch(/^wamid\./);
    const byId = await call('GET', `/api/v1/external/messages/${encodeURIComponent(wamid)}/status`);
    expect(byId.json['data']).toMatchObject({ message_id: wamid, provider: 'whatsapp' });
    const view = await call('GET', `/api/v1/otp/requests/${sent.json['data'].request_id}`);
    expect(view.json['data'].delivery).toMatchObject({ message_id: null, provider: 'whatsapp' });
    expect(view.text).not.toContain(wamid);
    expect(t.logs.text()).not.toContain(wamid);
  });
});

describe('proxy trust', () => {
  it('without TRUST_PROXY every X-Forwarded-For shares the proxy’s bucket, and that is logged once', async () => {
    await start({ OTP_MAX_SENDS_PER_IP_PER_MINUTE: '2' });
    const codes = [];
    for (const [i, ip] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries()) {
      codes.push(
        (await send({ to_phone: `+91981230000${i}`, channel: 'sms' }, { 'x-forwarded-for': ip })).status,
      );
    }
    expect(codes).toEqual([200, 200, 429]);
    const warnings = t.logs.lines.filter((line) =>
      line.includes('X-Forwarded-For received while TRUST_PROXY is off'),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":"warn"');
    expect(t.logs.text()).not.toContain('198.51.100');
  });

  it('with a hop count each client behind the proxy has its own bucket, and a spoofed first hop changes nothing', async () => {
    await start({ OTP_MAX_SENDS_PER_IP_PER_MINUTE: '1', TRUST_PROXY: '1' });
    const first = await send(
      { to_phone: '+919812300001', channel: 'sms' },
      { 'x-forwarded-for': '198.51.100.1' },
    );
    const other = await send(
      { to_phone: '+919812300002', channel: 'sms' },
      { 'x-forwarded-for': '198.51.100.2' },
    );
    // The client prepends a fake address; the proxy appends the real one, which is what counts.
    const spoof = await send(
      { to_phone: '+919812300003', channel: 'sms' },
      { 'x-forwarded-for': '203.0.113.99, 198.51.100.1' },
    );
    expect([first.status, other.status, spoof.status]).toEqual([200, 200, 429]);
  });
});

describe('operations in production', () => {
  beforeEach(() => start(PRODUCTION));

  it('/healthz stays open; /readyz says only ready without the admin key; /metrics needs it', async () => {
    expect((await call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await call('GET', '/readyz')).json).toEqual({ status: 'ready' });
    const detail = await call('GET', '/readyz', undefined, { 'x-api-key': ADMIN_KEY });
    expect(detail.json).toMatchObject({ status: 'ready', checks: { store: { ok: true } } });
    expect((await call('GET', '/readyz', undefined, { 'x-api-key': BACKEND_KEY })).json).toEqual({
      status: 'ready',
    });
    const closed = await call('GET', '/metrics');
    expect([closed.status, closed.json['error'].code]).toEqual([401, 'UNAUTHENTICATED']);
    const open = await call('GET', '/metrics', undefined, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(open.status).toBe(200);
    expect(open.text).toContain('http_request_duration_seconds');
  });

  it('serves no JWKS while tokens are HS256', async () => {
    expect((await call('GET', '/.well-known/jwks.json')).status).toBe(404);
  });
});

describe('ES256 verification tokens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-es256-'));
  const keyFile = join(dir, 'token.pem');
  writeFileSync(
    keyFile,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('another service verifies a token with jose through GET /.well-known/jwks.json, no shared secret', async () => {
    await start({ OTP_TOKEN_PRIVATE_KEY_FILE: keyFile });
    const sent = await send({ to_phone: PHONE, channel: 'sms', purpose: 'login' });
    const verified = await verify({
      to_phone: PHONE,
      code: '123456',
      request_id: sent.json['data'].request_id,
    });
    const token = verified.json['data'].verification_token as string;

    const jwksAnswer = await call('GET', '/.well-known/jwks.json');
    expect(jwksAnswer.headers.get('cache-control')).toMatch(/max-age/);
    expect(jwksAnswer.text).not.toContain('"d"');
    const keys = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['ES256'],
      currentDate: new Date(t.clock.now),
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwksAnswer.json['keys'][0].kid });
    expect(decodeProtectedHeader(token).kid).toBeTruthy();
    expect(payload).toMatchObject({
      iss: 'agent-mitra-otp',
      aud: 'agent-mitra',
      sub: PHONE,
      purpose: 'login',
      request_id: sent.json['data'].request_id,
      code_origin: 'server',
    });
    expect(payload.jti).toEqual(expect.any(String));
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(600);
  });
});
