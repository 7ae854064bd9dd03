import {
  createFakeProviders,
  twilioErrorBody,
  type FakeProviders,
  type TwilioFakeMessage,
} from '@agent-mitra/fake-providers';
import { createMetrics } from '@agent-mitra/observability';
import { ProviderError, TwilioSmsChannel, type TwilioSmsOptions } from '../../index';
import {
  captureLogs,
  fakeTiming,
  otpMessage,
  PHONE,
  smsTemplates,
  type CapturedLogs,
  type FakeTiming,
} from '../../testing/channel-testing';

const FROM = '+15005550006';
const SERVICE = `MG${'ab'.repeat(16)}`;

let fakes: FakeProviders;
let logs: CapturedLogs;
let clock: FakeTiming;
const channels: TwilioSmsChannel[] = [];

beforeEach(async () => {
  fakes = await createFakeProviders();
  logs = captureLogs();
  clock = fakeTiming();
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((channel) => channel.close()));
  await fakes.close();
});

function smsChannel(overrides: Partial<TwilioSmsOptions> = {}): TwilioSmsChannel {
  const channel = new TwilioSmsChannel({
    accountSid: fakes.twilio.accountSid,
    authToken: fakes.twilio.authToken,
    phoneNumber: FROM,
    apiUrl: fakes.twilioUrl,
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    maxConcurrency: 4,
    retryBudgetMs: 10_000,
    logger: logs.logger,
    timing: clock.timing,
    templates: smsTemplates(),
    ...overrides,
  });
  channels.push(channel);
  return channel;
}

const lastSms = () => fakes.messages.at(-1) as TwilioFakeMessage;

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

function expectNoSecretsLogged(): void {
  const text = logs.lines.join('');
  for (const secret of ['482913', fakes.twilio.authToken, PHONE, PHONE.slice(1)])
    expect(text).not.toContain(secret);
}

describe('TwilioSmsChannel request', () => {
  it('posts the form Twilio documents, with Basic auth, From, ValidityPeriod and StatusCallback', async () => {
    const channel = smsChannel({
      webhooksPublicUrl: 'https://otp.example.in/',
      templates: smsTemplates({
        templates: {
          EN: { text: 'Your Agent Mitra verification code is: {#var#}. Valid for {#var#}.\n\n{#var#}' },
        },
        androidAppHash: 'FA+9qCX9VSu',
      }),
    });
    const receipt = await channel.send(otpMessage());
    expect(fakes.requests).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        method: 'POST',
        path: `/2010-04-01/Accounts/${fakes.twilio.accountSid}/Messages.json`,
        status: 201,
      }),
    ]);
    expect(lastSms().params).toEqual({
      To: PHONE,
      From: FROM,
      Body: 'Your Agent Mitra verification code is: 482913. Valid for 5 minutes.\n\nFA+9qCX9VSu',
      ValidityPeriod: '300',
      StatusCallback: 'https://otp.example.in/webhooks/twilio/status',
    });
    expect(receipt).toEqual({ provider: 'twilio', messageId: lastSms().sid, status: 'queued' });
  });

  it('sends through the Messaging Service instead of From when one is set, without StatusCallback when no public URL', async () => {
    const receipt = await smsChannel({ messagingServiceSid: SERVICE }).send(otpMessage());
    expect(lastSms().params).toEqual({
      To: PHONE,
      MessagingServiceSid: SERVICE,
      Body: expect.any(String),
      ValidityPeriod: '300',
    });
    expect(receipt.status).toBe('queued'); // Twilio answers "accepted" for a Messaging Service
  });

  it('keeps ValidityPeriod to the code remaining life, whole seconds within 1..36000', async () => {
    const channel = smsChannel();
    for (const ttlSeconds of [299.9, 0.4, 90_000]) await channel.send(otpMessage({ ttlSeconds }));
    expect(fakes.messages.map((message) => (message as TwilioFakeMessage).validityPeriod)).toEqual([
      299, 1, 36_000,
    ]);
  });

  it('reuses one keep-alive connection for consecutive sends', async () => {
    const channel = smsChannel();
    await channel.send(otpMessage());
    await channel.send(otpMessage({ requestId: 'req-2' }));
    const [first, second] = fakes.requestsTo('twilio');
    expect(second?.remotePort).toBe(first?.remotePort);
  });
  it('bounds concurrency: with maxConcurrency 1, parallel sends queue for the one connection', async () => {
    const channel = smsChannel({ maxConcurrency: 1 });
    await Promise.all([1, 2, 3].map((n) => channel.send(otpMessage({ requestId: `req-${n}` }))));
    expect(new Set(fakes.requestsTo('twilio').map((request) => request.remotePort)).size).toBe(1);
    expect(fakes.messages).toHaveLength(3);
  });

  it('times each attempt into otp_provider_request_seconds by outcome', async () => {
    const metrics = createMetrics('channels-test');
    fakes.failNext({ provider: 'twilio', status: 503, body: {} });
    await smsChannel({ metrics }).send(otpMessage());
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /otp_provider_request_seconds_count\{[^}]*provider="twilio",outcome="unavailable"[^}]*\} 1/,
    );
    expect(text).toMatch(/otp_provider_request_seconds_count\{[^}]*provider="twilio",outcome="ok"[^}]*\} 1/);
  });
});

describe('TwilioSmsChannel failures', () => {
  it.each([
    [21211, 400],
    [21614, 400],
    [21610, 400],
    [21408, 400],
    [21608, 400],
  ])('Twilio %i is a permanent refusal: rejected, not retried, no fallback', async (code, status) => {
    fakes.failNext({
      provider: 'twilio',
      status,
      body: twilioErrorBody(code, status, `The 'To' number ${PHONE} is refused.`),
    });
    const error = await failureOf(smsChannel().send(otpMessage()));
    expect(error).toMatchObject({
      kind: 'rejected',
      providerCode: String(code),
      fallbackEligible: false,
      code: 'PROVIDER_REJECTED',
    });
    expect(error.message).not.toContain(PHONE);
    expect(fakes.requestsTo('twilio')).toHaveLength(1);
    expectNoSecretsLogged();
  });

  it('retries 20429 after the Retry-After Twilio asked for, then delivers', async () => {
    const body = twilioErrorBody(20429, 429, 'Too Many Requests');
    fakes.failNext({ provider: 'twilio', status: 429, body, headers: { 'Retry-After': '3' }, times: 2 });
    const receipt = await smsChannel().send(otpMessage());
    expect(receipt.messageId).toMatch(/^SM/);
    expect(fakes.requestsTo('twilio').map((request) => request.status)).toEqual([429, 429, 201]);
    expect(clock.delays).toEqual([3_000, 3_000]);
  });

  it('retries 5xx with growing, jittered waits until the budget is spent, then is unavailable', async () => {
    fakes.failNext({ provider: 'twilio', status: 503, body: 'Service Unavailable', times: 100 });
    const error = await failureOf(smsChannel({ retryBudgetMs: 1_000 }).send(otpMessage()));
    expect(error).toMatchObject({
      kind: 'unavailable',
      fallbackEligible: false,
      code: 'PROVIDER_UNAVAILABLE',
    });
    // random() = 0.5 of min(2000, 200·2^(n−1)): 100, 200, 400 (next would be 800, past the 1 s budget)
    expect(clock.delays).toEqual([100, 200, 400]);
    expect(fakes.requestsTo('twilio')).toHaveLength(4);
  });

  it('does not retry a connection cut after the request was sent: unknown, the message may exist', async () => {
    fakes.failNext({ provider: 'twilio', reset: true });
    const error = await failureOf(smsChannel().send(otpMessage()));
    expect(error).toMatchObject({ kind: 'unknown', code: 'PROVIDER_UNAVAILABLE', fallbackEligible: false });
    expect(fakes.requestsTo('twilio').map((request) => request.status)).toEqual([0]);
    expect(clock.delays).toEqual([]);
  });

  it('does not retry when Twilio took the message but answered after the timeout: unknown', async () => {
    fakes.setLatency(1_000);
    const error = await failureOf(smsChannel({ timeoutMs: 50 }).send(otpMessage()));
    expect(error).toMatchObject({
      kind: 'unknown',
      message: 'the Twilio request was sent but no answer came back; the message may have gone out',
    });
    expect(fakes.messages).toHaveLength(1); // the fake "phone" got it: a retry would have sent it twice
    expect(clock.delays).toEqual([]);
  });

  it('is unavailable when nothing listens, and retries the connection', async () => {
    const closed = await createFakeProviders();
    const url = closed.twilioUrl;
    await closed.close();
    const error = await failureOf(smsChannel({ apiUrl: url, retryBudgetMs: 500 }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'unavailable', message: 'could not connect to Twilio' });
    expect(clock.delays.length).toBeGreaterThan(0);
  });

  it('a wrong auth token is a credentials failure: one request, one error log naming TWILIO_AUTH_TOKEN', async () => {
    const error = await failureOf(smsChannel({ authToken: 'not-the-token' }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'credentials', providerCode: '20003', code: 'PROVIDER_UNAVAILABLE' });
    expect(fakes.requestsTo('twilio')).toHaveLength(1);
    expect(logs.errors()).toEqual([
      expect.objectContaining({ provider: 'twilio', fix: 'TWILIO_AUTH_TOKEN' }),
    ]);
    expect(logs.lines.join('')).not.toContain('not-the-token');
    expectNoSecretsLogged();
  });
});
