import { join } from 'node:path';
import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  status,
  type Client,
  type ServiceError,
} from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { loadPackageDefinition } from '@grpc/grpc-js';
import { protoPath as healthProtoPath, service as healthService } from 'grpc-health-check';
import { loadOtpProto, type OtpServiceClient } from '@agent-mitra/contract';
import { appEnv, createFakeProviders, graphErrorBody, type FakeProviders } from '@agent-mitra/fake-providers';
import { verifyVerificationToken } from '@agent-mitra/otp-engine';
import type { Listener } from '@agent-mitra/runtime';
import { startTestRuntime, type TestRuntime } from '@agent-mitra/testing';
import { listenGrpc } from './server';

const PHONE = '+919876543210';

let t: TestRuntime;
let server: Listener;
let client: OtpServiceClient;
const clients: Client[] = [];

async function start(env: Record<string, string> = {}) {
  t = await startTestRuntime('otp-service', env);
  server = await listenGrpc(t.runtime, 0, '127.0.0.1', { healthIntervalMs: 20 });
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  client = new Service(`127.0.0.1:${server.port}`, credentials.createInsecure());
  clients.push(client);
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
  await t.close();
});

type Unary<Req, Res> = (req: Req, md: Metadata, cb: (err: ServiceError | null, res?: Res) => void) => unknown;
function call<Req, Res>(method: Unary<Req, Res>, request: Req, metadata = new Metadata()): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, metadata, (error, response) =>
      error ? reject(error) : resolve(response as Res),
    );
  });
}
const send = (req: object, md?: Metadata) => call(client.SendOtp as Unary<object, any>, req, md); // eslint-disable-line @typescript-eslint/no-explicit-any -- generated overloads
const verify = (req: object) => call(client.VerifyOtp as Unary<object, any>, req); // eslint-disable-line @typescript-eslint/no-explicit-any -- generated overloads
const status_ = (req: object) => call(client.GetDeliveryStatus as Unary<object, any>, req); // eslint-disable-line @typescript-eslint/no-explicit-any -- generated overloads

async function expectStatus(
  promise: Promise<unknown>,
  code: number,
  errorCode: string,
): Promise<ServiceError> {
  const error = (await promise.then(
    () => {
      throw new Error('expected a gRPC error');
    },
    (e: ServiceError) => e,
  )) as ServiceError;
  expect({ code: error.code, errorCode: error.metadata.get('error-code')[0] }).toEqual({ code, errorCode });
  return error;
}

describe('OtpService (mock mode)', () => {
  beforeEach(() => start());

  it('SendOtp answers the mock send; VerifyOtp: wrong, right, reuse', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'CHANNEL_SMS', purpose: 'login' });
    expect(sent).toMatchObject({
      provider: 'mock',
      status: 'sent',
      to: PHONE,
      channel: 'CHANNEL_SMS',
      mock: true,
      otp_sent: '123456',
      message: 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
      expires_at_unix_ms: t.clock.now + 300_000,
      resend_after_seconds: 0,
    });
    expect(sent.message_id).toMatch(/^mock_\+919876543210_\d{10}$/);

    expect(await verify({ to_phone: PHONE, code: '000000' })).toMatchObject({
      verified: false,
      result: 'VERIFY_RESULT_INVALID_CODE',
      attempts_left: 4,
      verification_token: '',
    });
    const ok = await verify({ to_phone: PHONE, code: '123456', request_id: sent.request_id });
    expect(ok).toMatchObject({ verified: true, result: 'VERIFY_RESULT_APPROVED' });
    const claims = await verifyVerificationToken(
      t.runtime.config.otp.tokenSecret,
      ok.verification_token,
      t.clock.now,
    );
    expect(claims).toMatchObject({
      sub: PHONE,
      purpose: 'login',
      request_id: sent.request_id,
      code_origin: 'server',
    });
    expect(await verify({ to_phone: PHONE, code: '123456' })).toMatchObject({
      verified: false,
      result: 'VERIFY_RESULT_NOT_FOUND',
    });
  });

  it('GetDeliveryStatus by message id and by request id', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'CHANNEL_WHATSAPP' });
    const byMessage = await status_({ message_id: sent.message_id });
    expect(byMessage).toMatchObject({
      message_id: sent.message_id,
      provider: 'mock',
      status: 'sent',
      delivery_status: 'sent',
      channel: 'CHANNEL_WHATSAPP',
      request_id: sent.request_id,
      fallback_at_unix_ms: 0,
      attempts: [],
    });
    expect(byMessage.events).toEqual([
      { status: 'sent', at_unix_ms: t.clock.now, error_code: '', error_message: '' },
    ]);
    // By request the provider id is not known (only its keyed hash is stored): empty; every attempt shows.
    expect(await status_({ request_id: sent.request_id })).toEqual({
      ...byMessage,
      message_id: '',
      attempts: [
        {
          channel: 'CHANNEL_WHATSAPP',
          provider: 'mock',
          status: 'sent',
          error_code: '',
          at_unix_ms: t.clock.now,
          reason: '',
        },
      ],
    });
    await expectStatus(status_({ message_id: 'SMunknown' }), status.NOT_FOUND, 'NOT_FOUND');
    await expectStatus(status_({ request_id: 'unknown' }), status.NOT_FOUND, 'NOT_FOUND');
    await expectStatus(status_({}), status.INVALID_ARGUMENT, 'VALIDATION_ERROR');
  });

  it('answers INVALID_ARGUMENT for every bad input, with the machine-readable code', async () => {
    await expectStatus(
      send({ to_phone: '9876543210', channel: 'CHANNEL_SMS' }),
      status.INVALID_ARGUMENT,
      'INVALID_PHONE',
    );
    await expectStatus(send({ to_phone: PHONE }), status.INVALID_ARGUMENT, 'INVALID_CHANNEL');
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_UNSPECIFIED' }),
      status.INVALID_ARGUMENT,
      'INVALID_CHANNEL',
    );
    await expectStatus(send({ to_phone: PHONE, channel: 7 }), status.INVALID_ARGUMENT, 'INVALID_CHANNEL');
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS', otp: '12' }),
      status.INVALID_ARGUMENT,
      'INVALID_OTP_FORMAT',
    );
    await expectStatus(verify({ to_phone: PHONE, code: '' }), status.INVALID_ARGUMENT, 'INVALID_OTP_FORMAT');
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS', locale: '../x' }),
      status.INVALID_ARGUMENT,
      'VALIDATION_ERROR',
    );
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS', purpose: 'a b' }),
      status.INVALID_ARGUMENT,
      'VALIDATION_ERROR',
    );
    await expectStatus(
      verify({ to_phone: PHONE, code: '123456', request_id: 'x'.repeat(65) }),
      status.INVALID_ARGUMENT,
      'VALIDATION_ERROR',
    );
    await expectStatus(verify({ to_phone: '', code: '123456' }), status.INVALID_ARGUMENT, 'INVALID_PHONE');
  });

  it('checks a code the caller chose, and its token says code_origin "caller"', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'CHANNEL_SMS', otp: '4242' });
    // Mock mode replaced the code by 123456; the request stays caller-chosen.
    const ok = await verify({ to_phone: PHONE, code: '123456', request_id: '' });
    expect(ok).toMatchObject({ verified: true, result: 'VERIFY_RESULT_APPROVED' });
    const claims = await verifyVerificationToken(
      t.runtime.config.otp.tokenSecret,
      ok.verification_token,
      t.clock.now,
    );
    expect(claims).toMatchObject({ request_id: sent.request_id, code_origin: 'caller' });
  });

  it('reads an empty otp, purpose and locale as absent, as REST does', async () => {
    const sent = await send({ to_phone: PHONE, channel: 'CHANNEL_SMS', otp: '', purpose: '', locale: '' });
    const request = await t.runtime.engine.request(sent.request_id);
    expect(request).toMatchObject({ codeOrigin: 'server', purpose: null });
  });

  it('honours idempotency-key metadata', async () => {
    const md = new Metadata();
    md.set('idempotency-key', 'grpc-key-1');
    const first = await send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }, md);
    expect(await send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }, md)).toEqual(first);
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_WHATSAPP' }, md),
      status.ALREADY_EXISTS,
      'IDEMPOTENCY_CONFLICT',
    );
  });

  it('serves grpc.health.v1.Health and server reflection', async () => {
    const Health = makeGenericClientConstructor(healthService, 'Health');
    const health = new Health(`127.0.0.1:${server.port}`, credentials.createInsecure());
    clients.push(health);
    const check = (name: string) =>
      new Promise<{ status: string }>((resolve, reject) =>
        (health as unknown as { Check: Unary<object, { status: string }> }).Check.call(
          health,
          { service: name },
          new Metadata(),
          (e, r) => (e ? reject(e) : resolve(r as { status: string })),
        ),
      );
    expect((await check('agentmitra.otp.v1.OtpService')).status).toBe('SERVING');
    expect(healthProtoPath).toContain('health');

    // The store goes away: health follows within a ping or two, for the server and the service.
    await t.runtime.store.close();
    const deadline = Date.now() + 5_000;
    while ((await check('')).status !== 'NOT_SERVING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await check('')).status).toBe('NOT_SERVING');
    expect((await check('agentmitra.otp.v1.OtpService')).status).toBe('NOT_SERVING');
    expect(t.logs.text()).toContain('health NOT_SERVING');

    const reflectionDef = protoLoader.loadSync(
      join(
        require.resolve('@grpc/reflection/package.json'),
        '..',
        'build/proto/grpc/reflection/v1alpha/reflection.proto',
      ),
      { keepCase: true },
    );
    const pkg = loadPackageDefinition(reflectionDef) as unknown as {
      grpc: {
        reflection: { v1alpha: { ServerReflection: new (address: string, creds: unknown) => Client } };
      };
    };
    const reflection = new pkg.grpc.reflection.v1alpha.ServerReflection(
      `127.0.0.1:${server.port}`,
      credentials.createInsecure(),
    );
    clients.push(reflection);
    const services = await new Promise<string[]>((resolve, reject) => {
      const stream = (
        reflection as unknown as {
          ServerReflectionInfo: () => NodeJS.ReadWriteStream & { write(m: object): void };
        }
      ).ServerReflectionInfo();
      stream.on('data', (message: { list_services_response?: { service: { name: string }[] } }) => {
        resolve((message.list_services_response?.service ?? []).map((s) => s.name));
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    expect(services).toContain('agentmitra.otp.v1.OtpService');
  });
});

describe('OtpService limits, providers and auth', () => {
  it('answers FAILED_PRECONDITION (CHANNEL_DISABLED) when no provider is configured, spending no limit', async () => {
    await start({ PIONEER_FLAG_MOCK_OTP_ENABLED: 'false' });
    for (let i = 0; i < 2; i += 1) {
      const disabled = await expectStatus(
        send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }),
        status.FAILED_PRECONDITION,
        'CHANNEL_DISABLED',
      );
      expect(JSON.parse(String(disabled.metadata.get('error-details')[0]))).toEqual({ channel: 'sms' });
      expect(disabled.metadata.get('retry-after')).toEqual([]);
    }
  });

  it('requires a Bearer token when GRPC_AUTH_TOKENS is set', async () => {
    await start({ GRPC_AUTH_TOKENS: 'svc-token-a,svc-token-b', LOG_LEVEL: 'debug' });
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }),
      status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    const wrong = new Metadata();
    wrong.set('authorization', 'Bearer nope');
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }, wrong),
      status.UNAUTHENTICATED,
      'UNAUTHENTICATED',
    );
    const right = new Metadata();
    right.set('authorization', 'Bearer svc-token-b');
    await expect(send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }, right)).resolves.toMatchObject({
      mock: true,
    });
    expect(t.logs.text()).not.toContain('svc-token-b');
    expect(t.logs.text()).toContain('"caller":"grpc"');
  });

  it('answers FAILED_PRECONDITION (COUNTRY_NOT_ALLOWED) for a destination outside OTP_ALLOWED_COUNTRIES', async () => {
    await start({ OTP_ALLOWED_COUNTRIES: 'IN,AE' });
    const refused = await expectStatus(
      send({ to_phone: '+12025550123', channel: 'CHANNEL_SMS' }),
      status.FAILED_PRECONDITION,
      'COUNTRY_NOT_ALLOWED',
    );
    expect(JSON.parse(String(refused.metadata.get('error-details')[0]))).toEqual({
      country: 'US',
      kind: 'country',
    });
    await expect(send({ to_phone: '+971501234567', channel: 'CHANNEL_SMS' })).resolves.toMatchObject({
      mock: true,
    });
  });

  it('answers RESOURCE_EXHAUSTED past the verify failure budget of a number, and audits each call with its caller', async () => {
    await start({ OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY: '2', GRPC_AUTH_TOKENS: 'svc-token-a' });
    const auth = new Metadata();
    auth.set('authorization', 'Bearer svc-token-a');
    const sent = await send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }, auth);
    const wrong = { to_phone: PHONE, code: '654321', request_id: sent.request_id };
    const verifyAs = (req: object) => call(client.VerifyOtp as Unary<object, object>, req, auth);
    for (let i = 0; i < 2; i += 1) {
      expect(await verifyAs(wrong)).toMatchObject({ result: 'VERIFY_RESULT_INVALID_CODE' });
    }
    const limited = await expectStatus(
      verifyAs({ ...wrong, code: '123456' }),
      status.RESOURCE_EXHAUSTED,
      'RATE_LIMITED',
    );
    expect(Number(limited.metadata.get('retry-after')[0])).toBeGreaterThan(86_000);
    const rows = (
      await t.runtime.store.listAudit({ limit: 10, phoneHash: t.runtime.hashes.phoneHash(PHONE) })
    ).entries;
    expect(rows.map((r) => `${r.action}:${r.outcome}:${r.detail ?? ''}`)).toEqual([
      'verify:refused:verify_failures',
      'verify:invalid_code:',
      'verify:invalid_code:',
      'send:sent:mock',
    ]);
    expect(rows.every((r) => r.callerKind === 'grpc' && /^[0-9a-f]{12}$/.test(r.callerId ?? ''))).toBe(true);
    expect(rows.every((r) => /^[0-9a-f]{32}$/.test(r.clientIpHash ?? ''))).toBe(true);
  });

  it('answers UNAVAILABLE when the store is gone, without a crash', async () => {
    await start();
    await t.runtime.store.close();
    await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }),
      status.UNAVAILABLE,
      'STORE_UNAVAILABLE',
    );
  });
});

describe('OtpService with real channels (the fake providers)', () => {
  let fakes: FakeProviders;
  beforeEach(async () => {
    fakes = await createFakeProviders();
    await start({
      PROVIDER_RETRY_BUDGET_MS: '0',
      ...appEnv(fakes),
    });
  });
  afterEach(() => fakes.close());

  it('an unset allow_fallback means true, as on REST; an explicit false is kept', async () => {
    const notOnWhatsApp = () =>
      fakes.failNext({
        provider: 'whatsapp',
        status: 400,
        body: graphErrorBody(131026, 'Message undeliverable'),
      });
    notOnWhatsApp();
    expect(await send({ to_phone: PHONE, channel: 'CHANNEL_WHATSAPP' })).toMatchObject({
      channel: 'CHANNEL_SMS',
      provider: 'twilio',
    });
    notOnWhatsApp();
    await expectStatus(
      send({ to_phone: '+919812345678', channel: 'CHANNEL_WHATSAPP', allow_fallback: false }),
      status.FAILED_PRECONDITION,
      'PROVIDER_REJECTED',
    );
  });

  it('answers RESOURCE_EXHAUSTED with retry-after inside the cooldown', async () => {
    await send({ to_phone: PHONE, channel: 'CHANNEL_SMS' });
    const limited = await expectStatus(
      send({ to_phone: PHONE, channel: 'CHANNEL_SMS' }),
      status.RESOURCE_EXHAUSTED,
      'RATE_LIMITED',
    );
    expect(Number(limited.metadata.get('retry-after')[0])).toBe(30);
  });
});
