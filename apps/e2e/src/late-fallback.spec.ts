import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import { createFakeProviders, type FakeMessage, type FakeProviders } from '@agent-mitra/fake-providers';
import { createTestDatabase, type TestDatabase } from '@agent-mitra/postgres-harness';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Issue 11 end to end: the webhooks app, a gateway and two otp-services as processes on one PostgreSQL,
// in real mode against the fake providers, which answer a send at once and post signed receipts later,
// per number: 131026 after acceptance, silence, an SMS undelivered. Fallbacks are due after 2 s of silence.
const PUBLIC_URL = 'https://otp.example.test';
const META_SECRET = 'e2e-late-fallback-meta-app-secret';
const SLOW = 120_000;
const NOT_ON_WHATSAPP = '+919876500071';
const SILENT = '+919876500072';
const DELIVERED = '+919876500073';
const TIMED_OUT = '+919876500074';
const UNDELIVERED_SMS = '+919876500079';

let database: TestDatabase | undefined;
let fakes: FakeProviders | undefined;
const apps: RunningApps[] = [];
let webhooks: RunningApps | undefined;
let front: RunningApps | undefined; // gateway + otp-service 1
let second: RunningApps | undefined; // otp-service 2
const clients: OtpServiceClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase('late_fallback');
  const common = {
    DATABASE_URL: database.url,
    WHATSAPP_WEBHOOK_SECRET: META_SECRET,
    WEBHOOKS_PUBLIC_URL: PUBLIC_URL,
    TWILIO_AUTH_TOKEN: 'e2e-late-fallback-twilio-auth-token',
  };
  // The webhooks app first: the fakes post their receipts to it.
  webhooks = await startApps(common, ['webhooks']);
  apps.push(webhooks);
  const origin = `http://127.0.0.1:${webhooks.ports['webhooks']}`;
  fakes = await createFakeProviders({
    twilio: { authToken: common.TWILIO_AUTH_TOKEN },
    receipts: {
      whatsapp: { url: `${origin}/webhooks/whatsapp`, appSecret: META_SECRET },
      // Twilio calls the public URL the send gave it; here it reaches the app on its local port.
      twilio: { via: origin },
      rules: [
        {
          provider: 'whatsapp',
          numberEndsWith: '71',
          statuses: [{ status: 'failed', afterMs: 100, errorCode: 131026, times: 2 }],
        },
        { provider: 'whatsapp', numberEndsWith: '72', statuses: [{ status: 'sent', afterMs: 50 }] },
        { provider: 'whatsapp', numberEndsWith: '74', statuses: [] },
        {
          provider: 'twilio',
          numberEndsWith: '79',
          statuses: [
            { status: 'sent', afterMs: 20 },
            { status: 'undelivered', afterMs: 60, errorCode: 30003 },
          ],
        },
        { provider: 'whatsapp', numberEndsWith: '', statuses: [{ status: 'delivered', afterMs: 50 }] },
        { provider: 'twilio', numberEndsWith: '', statuses: [{ status: 'delivered', afterMs: 50 }] },
      ],
    },
  });
  const env = {
    ...common,
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    OTP_FALLBACK_AFTER_SECONDS: '2',
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    PROVIDER_RETRY_BUDGET_MS: '300',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    WHATSAPP_API_URL: fakes.graphUrl,
    WHATSAPP_ACCESS_TOKEN: fakes.whatsapp.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: fakes.whatsapp.phoneNumberId,
  };
  front = await startApps(env, ['gateway', 'otp-service']);
  apps.push(front);
  second = await startApps(env, ['otp-service']);
  apps.push(second);
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  for (const app of [front, second]) {
    clients.push(new Service(`127.0.0.1:${app.ports['otp-service']}`, credentials.createInsecure()));
  }
}, SLOW);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(apps.map((app) => app.stop()));
  await fakes?.close();
  await database?.drop();
}, SLOW);

const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers
const gateway = () => front?.ports['gateway'] ?? 0;
const post = (path: string, body: object) =>
  curl(gateway(), 'POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
const requestView = async (id: string) =>
  json((await curl(gateway(), 'GET', `/api/v1/otp/requests/${id}`)).body)['data'];
const digits = (phone: string) => phone.replace(/\D/g, '');
/** What the phone received (Graph's `to` has no `+`, Twilio's has). */
const sentTo = (phone: string, provider?: FakeMessage['provider']): FakeMessage[] =>
  (fakes?.messages ?? []).filter(
    (m) => digits(m.to) === digits(phone) && (provider === undefined || m.provider === provider),
  );
const fallbackLines = () =>
  [front, second].flatMap(
    (app) => app?.lines.filter((line) => line.includes('late SMS fallback sent')) ?? [],
  );

function grpc<T>(
  client: OtpServiceClient,
  method: 'SendOtp' | 'GetDeliveryStatus',
  request: object,
): Promise<T> {
  type Call = (r: object, m: Metadata, cb: (e: ServiceError | null, r?: T) => void) => void;
  return new Promise((done, fail) =>
    (client[method] as Call).call(client, request, new Metadata(), (error, response) =>
      error ? fail(error) : done(response as T),
    ),
  );
}

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Long enough for every otp-service to run its duty (every ~1 s) at least once more. */
const severalDutyRuns = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('late SMS fallbacks across processes', () => {
  it('not on WhatsApp (131026 after acceptance, posted twice): one fresh SMS code for the same request; it verifies, the WhatsApp code does not', async () => {
    const sent = await post('/api/v1/otp/send', { to_phone: NOT_ON_WHATSAPP, channel: 'whatsapp' });
    expect(sent.status).toBe(200);
    const requestId = json(sent.body)['data'].request_id as string;
    expect(json(sent.body)['data']).toMatchObject({ channel: 'whatsapp', provider: 'whatsapp' });
    await eventually(() => sentTo(NOT_ON_WHATSAPP, 'twilio').length > 0, 'the SMS fallback');
    await fakes?.receipts.settled();
    await severalDutyRuns();
    expect(sentTo(NOT_ON_WHATSAPP, 'twilio')).toHaveLength(1);
    const [whatsappMessage] = sentTo(NOT_ON_WHATSAPP, 'whatsapp');
    const posted = fakes?.receipts.posted.filter(
      (p) => p.messageId === (whatsappMessage as { id: string }).id,
    );
    expect(posted?.map((p) => [p.status, p.answer])).toEqual([
      ['failed', 200],
      ['failed', 200],
    ]);

    const view = await requestView(requestId);
    expect(view).toMatchObject({
      channel: 'whatsapp',
      channel_used: 'sms',
      provider: 'twilio',
      state: 'pending',
    });
    expect(view.fallback_at).toEqual(expect.any(String));
    expect(['pending', 'sent', 'delivered']).toContain(view.delivery_status);
    expect(
      view.send_attempts.map((a: { channel: string; reason: string | null }) => [a.channel, a.reason]),
    ).toEqual([
      ['whatsapp', null],
      ['sms', 'receipt_failed'],
    ]);

    const whatsappCode = whatsappMessage?.code ?? '';
    const smsCode = sentTo(NOT_ON_WHATSAPP, 'twilio')[0]?.code ?? '';
    if (whatsappCode !== smsCode) {
      const stale = await post('/api/v1/otp/verify', {
        to_phone: NOT_ON_WHATSAPP,
        code: whatsappCode,
        request_id: requestId,
      });
      expect(json(stale.body)['error'].code).toBe('OTP_INVALID');
    }
    const verified = await post('/api/v1/otp/verify', {
      to_phone: NOT_ON_WHATSAPP,
      code: smsCode,
      request_id: requestId,
    });
    expect(verified.status).toBe(200);
  });

  it('silence past the timeout falls back once with two otp-services; a delivered WhatsApp never does; a late delivered sends nothing', async () => {
    const [os1, os2] = clients as [OtpServiceClient, OtpServiceClient];
    const before = fallbackLines().length;
    const silent = await grpc<pb.SendOtpResponse__Output>(os1, 'SendOtp', {
      to_phone: SILENT,
      channel: 'CHANNEL_WHATSAPP',
    });
    await grpc(os2, 'SendOtp', { to_phone: DELIVERED, channel: 'CHANNEL_WHATSAPP' });
    await eventually(() => sentTo(SILENT, 'twilio').length > 0, 'the SMS after the silence');
    await severalDutyRuns();
    expect(sentTo(SILENT, 'twilio')).toHaveLength(1);
    expect(fallbackLines().length - before).toBe(1); // one otp-service sent it, the other found nothing
    for (const app of [front, second]) {
      expect(
        app?.lines.some(
          (line) => line.includes('background duties started') && line.includes('late-fallback'),
        ),
      ).toBe(true);
    }
    expect(sentTo(DELIVERED, 'twilio')).toHaveLength(0);

    const status = await grpc<pb.GetDeliveryStatusResponse__Output>(os2, 'GetDeliveryStatus', {
      request_id: silent.request_id,
    });
    expect(status).toMatchObject({
      channel: 'CHANNEL_SMS',
      provider: 'twilio',
      request_id: silent.request_id,
    });
    expect(status.fallback_at_unix_ms).toBeGreaterThan(0);
    expect(status.attempts.map((a) => [a.channel, a.reason])).toEqual([
      ['CHANNEL_WHATSAPP', ''],
      ['CHANNEL_SMS', 'delivery_timeout'],
    ]);
    // Each attempt reads as its message's receipts have left it so far: the silent WhatsApp message
    // never got further than `sent`; the SMS may already be delivered.
    expect(['queued', 'sent']).toContain(status.attempts[0]?.status);
    expect(['queued', 'sent', 'delivered']).toContain(status.attempts[1]?.status);

    // WhatsApp delivers after all, and Meta retries it: recorded, nothing sent.
    const whatsappMessage = sentTo(SILENT, 'whatsapp')[0] as FakeMessage;
    for (let n = 0; n < 2; n += 1) {
      expect((await fakes?.receipts.post(whatsappMessage, { status: 'delivered', afterMs: 0 }))?.answer).toBe(
        200,
      );
    }
    await severalDutyRuns();
    expect(sentTo(SILENT, 'twilio')).toHaveLength(1);
    const after = await grpc<pb.GetDeliveryStatusResponse__Output>(os1, 'GetDeliveryStatus', {
      request_id: silent.request_id,
    });
    expect(after).toMatchObject({ channel: 'CHANNEL_SMS' });
  });

  it('a WhatsApp call that may have gone out is answered with its request id, sent once, and the timeout then decides', async () => {
    fakes?.failNext({ provider: 'whatsapp', reset: true });
    const sent = await post('/api/v1/otp/send', { to_phone: TIMED_OUT, channel: 'whatsapp' });
    expect(sent.status).toBe(200);
    const data = json(sent.body)['data'];
    expect(data).toMatchObject({ status: 'unknown', message_id: null, provider: 'whatsapp' });
    expect(sentTo(TIMED_OUT, 'twilio')).toHaveLength(0); // no SMS at once: that could make two codes
    expect(fakes?.requests.filter((r) => r.provider === 'whatsapp' && r.status === 0)).toHaveLength(1);
    await eventually(() => sentTo(TIMED_OUT, 'twilio').length > 0, 'the SMS after the timeout');
    const verified = await post('/api/v1/otp/verify', {
      to_phone: TIMED_OUT,
      code: sentTo(TIMED_OUT, 'twilio')[0]?.code ?? '',
      request_id: data.request_id,
    });
    expect(verified.status).toBe(200);
  });

  it('an SMS the carrier could not deliver shows failed on the request, so the app can offer resend', async () => {
    const sent = await post('/api/v1/otp/send', { to_phone: UNDELIVERED_SMS, channel: 'sms' });
    const requestId = json(sent.body)['data'].request_id as string;
    await eventually(
      async () => (await requestView(requestId)).delivery_status === 'failed',
      'delivery_status failed',
    );
    expect((await requestView(requestId)).delivery).toMatchObject({
      status: 'undelivered',
      provider: 'twilio',
    });
  });
});
