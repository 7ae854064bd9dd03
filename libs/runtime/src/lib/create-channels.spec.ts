// A real engine on SQLite with the real Twilio and WhatsApp channels built from the config, talking to
// the fake providers: the code the fake "phone" received is the one that verifies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@agent-mitra/config';
import { appEnv, createFakeProviders, graphErrorBody, type FakeProviders } from '@agent-mitra/fake-providers';
import { createLogger } from '@agent-mitra/observability';
import { createRuntime, type Runtime } from './create-runtime';

const PHONE = '+919876543210';
const SERVICE = { caller: { kind: 'grpc', id: 'svc' } } as const;

let fakes: FakeProviders;
let runtime: Runtime;
let dir: string;
let logs: string[];

function testConfig(overrides: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    ...appEnv(fakes),
    WHATSAPP_TEMPLATE_NAME: 'agent_mitra_otp',
    WEBHOOKS_PUBLIC_URL: 'https://otp.example.in',
    PROVIDER_RETRY_BUDGET_MS: '0',
    ...overrides,
  });
}

async function startRuntime(overrides: Record<string, string> = {}): Promise<Runtime> {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ name: 'channels-engine', level: 'debug', destination });
  return createRuntime(testConfig(overrides), { app: 'channels-engine', logger });
}

beforeEach(async () => {
  fakes = await createFakeProviders({ whatsapp: { templates: { agent_mitra_otp: ['en', 'hi'] } } });
  dir = mkdtempSync(join(tmpdir(), 'channels-engine-'));
  logs = [];
  runtime = await startRuntime();
});

afterEach(async () => {
  const codes = fakes.messages.map((message) => message.code).filter((code): code is string => code !== null);
  const text = logs.join('');
  expect(text).toContain('channels configured');
  for (const secret of [...codes, fakes.twilio.authToken, fakes.whatsapp.accessToken, PHONE.slice(1)]) {
    expect(text).not.toContain(secret);
  }
  await runtime.close();
  await fakes.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine over the real channels and the fake providers', () => {
  it('SMS: the code the phone received verifies', async () => {
    const sent = await runtime.engine.send(
      {
        toPhone: PHONE,
        channel: 'sms',
        allowFallback: false,
        purpose: 'login',
      },
      SERVICE,
    );
    const sms = fakes.messages[0];
    if (sms?.provider !== 'twilio' || !sms.code) throw new Error('no SMS at the fake');
    expect(sent).toMatchObject({
      provider: 'twilio',
      channel: 'sms',
      messageId: sms.sid,
      status: 'queued',
      otpSent: null,
    });
    expect(sms).toMatchObject({
      to: PHONE,
      validityPeriod: 300,
      statusCallback: 'https://otp.example.in/webhooks/twilio/status',
    });
    const outcome = await runtime.engine.verify(
      {
        toPhone: PHONE,
        code: sms.code,
        requestId: sent.requestId,
      },
      SERVICE,
    );
    expect(outcome).toMatchObject({ verified: true, result: 'approved' });
  });

  it('WhatsApp: the code in the template verifies', async () => {
    const sent = await runtime.engine.send(
      {
        toPhone: PHONE,
        channel: 'whatsapp',
        allowFallback: true,
        locale: 'hi',
      },
      SERVICE,
    );
    const message = fakes.messages[0];
    if (message?.provider !== 'whatsapp' || !message.code) throw new Error('no WhatsApp message at the fake');
    expect(sent).toMatchObject({
      provider: 'whatsapp',
      channel: 'whatsapp',
      messageId: message.id,
      status: 'queued',
    });
    expect(message.template).toMatchObject({ name: 'agent_mitra_otp', language: 'hi' });
    expect((await runtime.engine.verify({ toPhone: PHONE, code: message.code }, SERVICE)).verified).toBe(
      true,
    );
  });

  it('WhatsApp refusing the number (131026) falls back to SMS, whose code verifies', async () => {
    fakes.failNext({
      provider: 'whatsapp',
      status: 400,
      body: graphErrorBody(131026, '(#131026) Message undeliverable'),
    });
    const sent = await runtime.engine.send(
      { toPhone: PHONE, channel: 'whatsapp', allowFallback: true },
      SERVICE,
    );
    expect(fakes.requests.map((request) => [request.provider, request.status])).toEqual([
      ['whatsapp', 400],
      ['twilio', 201],
    ]);
    const sms = fakes.messages[0];
    if (sms?.provider !== 'twilio' || !sms.code) throw new Error('no SMS at the fake');
    expect(sent).toMatchObject({ provider: 'twilio', channel: 'sms', messageId: sms.sid });
    expect(await runtime.engine.request(sent.requestId)).toMatchObject({
      channel: 'whatsapp',
      channelUsed: 'sms',
      provider: 'twilio',
    });
    expect((await runtime.engine.verify({ toPhone: PHONE, code: sms.code }, SERVICE)).verified).toBe(true);
  });

  it('without fallback the refusal reaches the caller as PROVIDER_REJECTED and no SMS goes out', async () => {
    fakes.failNext({
      provider: 'whatsapp',
      status: 400,
      body: graphErrorBody(131026, '(#131026) Message undeliverable'),
    });
    await expect(
      runtime.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: false }, SERVICE),
    ).rejects.toMatchObject({
      code: 'PROVIDER_REJECTED',
      details: { provider: 'whatsapp', provider_code: '131026' },
    });
    expect(fakes.requestsTo('twilio')).toHaveLength(0);
  });

  it('a WhatsApp call that timed out after the request was sent is not retried and does not fall back at once: the answer says unknown, counted as unknown', async () => {
    await runtime.close();
    runtime = await startRuntime({ PROVIDER_TIMEOUT_MS: '200', PROVIDER_RETRY_BUDGET_MS: '5000' });
    fakes.setLatency(1_000);
    const sent = await runtime.engine.send(
      { toPhone: PHONE, channel: 'whatsapp', allowFallback: true },
      SERVICE,
    );
    expect(sent).toMatchObject({ status: 'unknown', messageId: null, provider: 'whatsapp' });
    // The provider took the message once: a retry or an SMS now could deliver a second code.
    expect(fakes.messages.map((message) => message.provider)).toEqual(['whatsapp']);
    const code = fakes.messages[0]?.code ?? '';
    expect(
      await runtime.engine.verify({ toPhone: PHONE, code, requestId: sent.requestId }, SERVICE),
    ).toMatchObject({
      verified: true,
    });
    const sends = await runtime.metrics.otpSends.get();
    expect(sends.values).toEqual([
      expect.objectContaining({
        value: 1,
        labels: { channel: 'whatsapp', provider: 'whatsapp', country: 'IN', outcome: 'unknown' },
      }),
    ]);
  });
});
