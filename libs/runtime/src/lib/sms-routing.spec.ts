// SMS routing on the real runtime: the engine, the real Twilio and MSG91 channels against the fake
// providers, and the breakers in a real SQLite file shared by two runtimes (two processes' worth).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@agent-mitra/config';
import { createFakeProviders, msg91ErrorBody, type FakeProviders } from '@agent-mitra/fake-providers';
import { createLogger } from '@agent-mitra/observability';
import { createRuntime, type Runtime } from './create-runtime';

const SERVICE = { caller: { kind: 'grpc', id: 'svc' } } as const;
const IN_PHONE = '+919876543210';
const US_PHONE = '+12025550123';
const EN_ID = '65f1c0ffee0123456789abcd';
const COOLDOWN_MS = 30_000;

let fakes: FakeProviders;
let dir: string;
let now: number;
let logs: string[];
const runtimes: Runtime[] = [];

beforeAll(async () => {
  fakes = await createFakeProviders({
    msg91: { templates: { [EN_ID]: 'Your Agent Mitra verification code is: ##var1##. Valid for ##var2##.' } },
  });
});
afterAll(() => fakes.close());

beforeEach(() => {
  fakes.reset();
  dir = mkdtempSync(join(tmpdir(), 'sms-routing-'));
  now = Date.now();
  logs = [];
});

afterEach(async () => {
  const text = logs.join('');
  for (const secret of [fakes.msg91.authKey, fakes.twilio.authToken, IN_PHONE.slice(1), US_PHONE.slice(1)]) {
    expect(text).not.toContain(secret);
  }
  for (const message of fakes.messages) if (message.code) expect(text).not.toContain(message.code);
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
  rmSync(dir, { recursive: true, force: true });
});

/** One more process on the same SQLite file, with the same clock. */
async function start(): Promise<Runtime> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    OTP_MAX_SENDS_PER_WINDOW: '1000',
    OTP_ALLOWED_COUNTRIES: 'IN,US',
    PROVIDER_RETRY_BUDGET_MS: '0',
    SMS_ROUTES: 'IN:msg91>twilio,*:twilio',
    SMS_PROVIDER_FAILURE_THRESHOLD: '2',
    SMS_PROVIDER_COOLDOWN_SECONDS: String(COOLDOWN_MS / 1000),
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    MSG91_AUTH_KEY: fakes.msg91.authKey,
    MSG91_TEMPLATE_ID: EN_ID,
    MSG91_API_URL: fakes.msg91Url,
  });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ name: 'sms-routing', level: 'debug', destination });
  const runtime = await createRuntime(config, { app: 'sms-routing', logger, clock: () => now });
  runtimes.push(runtime);
  return runtime;
}

const send = (runtime: Runtime, toPhone = IN_PHONE) =>
  runtime.engine.send({ toPhone, channel: 'sms', allowFallback: false }, SERVICE);

async function attemptsOf(runtime: Runtime, requestId: string) {
  const view = await runtime.engine.request(requestId);
  return view.sendAttempts.map((a) => [a.provider, a.reason, a.status, a.errorCode]);
}

const breaker = async (runtime: Runtime) => (await runtime.readiness()).checks.sms_providers['msg91'];

describe('SMS routing on the shared store', () => {
  it('+91 goes through MSG91 and other countries through Twilio, with the same DLT text', async () => {
    const runtime = await start();
    const india = await send(runtime);
    const us = await send(runtime, US_PHONE);
    expect([india.provider, us.provider]).toEqual(['msg91', 'twilio']);
    const [viaMsg91, viaTwilio] = fakes.messages;
    expect(viaMsg91?.provider === 'msg91' && viaMsg91.text).toBe(
      `Your Agent Mitra verification code is: ${viaMsg91?.code ?? ''}. Valid for 5 minutes.`,
    );
    expect(viaTwilio?.provider === 'twilio' && viaTwilio.body).toBe(
      `Your Agent Mitra verification code is: ${viaTwilio?.code ?? ''}. Valid for 5 minutes.`,
    );
    expect(await attemptsOf(runtime, india.requestId)).toEqual([['msg91', null, 'queued', null]]);
    expect(
      await runtime.engine.verify(
        {
          toPhone: IN_PHONE,
          code: viaMsg91?.code ?? '',
          requestId: india.requestId,
        },
        SERVICE,
      ),
    ).toMatchObject({ verified: true });
  });

  it('an MSG91 outage fails over to Twilio; the breaker opens for every instance, then a probe closes it', async () => {
    const gateway = await start();
    const otpService = await start();
    fakes.failNext({ provider: 'msg91', status: 503, body: {}, times: 2 });
    const first = await send(gateway);
    const second = await send(otpService);
    expect([first.provider, second.provider]).toEqual(['twilio', 'twilio']);
    expect(await attemptsOf(gateway, first.requestId)).toEqual([
      ['msg91', null, 'failed', null],
      ['twilio', 'failover', 'queued', null],
    ]);
    // Two consecutive outages, one from each instance: open for both.
    expect(await breaker(gateway)).toMatchObject({
      state: 'open',
      consecutive_failures: 2,
      configured: true,
    });
    const third = await send(gateway);
    const fourth = await send(otpService);
    expect(fakes.requestsTo('msg91')).toHaveLength(2);
    expect(await attemptsOf(otpService, fourth.requestId)).toEqual([
      ['twilio', 'breaker_open', 'queued', null],
    ]);
    expect(third.provider).toBe('twilio');

    const metrics = await gateway.metrics.registry.metrics();
    expect(metrics).toMatch(/otp_provider_breaker_state\{provider="msg91",app="sms-routing"\} 2/);
    expect(metrics).toMatch(/otp_provider_breaker_state\{provider="twilio",app="sms-routing"\} 0/);
    expect(metrics).toMatch(
      /otp_provider_failovers_total\{from="msg91",to="twilio",reason="failover",app="sms-routing"\} 1/,
    );
    expect(metrics).toMatch(
      /otp_provider_failovers_total\{from="msg91",to="twilio",reason="breaker_open",app="sms-routing"\} 1/,
    );

    now += COOLDOWN_MS;
    const probe = await send(otpService);
    expect(probe.provider).toBe('msg91');
    expect(await breaker(gateway)).toMatchObject({ state: 'closed', consecutive_failures: 0 });
    expect((await send(gateway)).provider).toBe('msg91');
    const text = logs.join('');
    expect(text).toContain('circuit breaker opened');
    expect(text).toContain('circuit breaker closed');
  });

  it('an MSG91 refusal of the number is final: no failover, the attempt recorded', async () => {
    const runtime = await start();
    fakes.failNext({ provider: 'msg91', status: 400, body: msg91ErrorBody('Invalid mobile number', '202') });
    await expect(send(runtime)).rejects.toMatchObject({
      code: 'PROVIDER_REJECTED',
      details: { provider: 'msg91', provider_code: '202' },
    });
    expect(fakes.requestsTo('twilio')).toHaveLength(0);
    expect(await breaker(runtime)).toMatchObject({ state: 'closed', consecutive_failures: 0 });
  });
});
