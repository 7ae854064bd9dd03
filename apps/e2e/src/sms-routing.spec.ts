import { setTimeout as sleep } from 'node:timers/promises';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import {
  createFakeProviders,
  msg91ErrorBody,
  type FakeProviders,
  type Msg91FakeMessage,
} from '@agent-mitra/fake-providers';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// DESIGN §10 across processes: the gateway, the gRPC service and the webhook app on one SQLite file,
// MSG91 and Twilio played by the fake providers.
const EN_ID = '65f1c0ffee0123456789abcd';
const HI_ID = '65f1c0ffee0123456789abce';
const HI_TEMPLATE = 'एजेंट मित्र: आपका सत्यापन कोड {#var#} है। यह {#var#} तक मान्य है।';
const SECRET = 'e2e-msg91-webhook-secret-5b7c19';

let fakes: FakeProviders;
let apps: RunningApps;
let client: OtpServiceClient;

beforeAll(async () => {
  fakes = await createFakeProviders({
    msg91: {
      templates: {
        [EN_ID]: 'Your Agent Mitra verification code is: ##var1##. Valid for ##var2##.',
        [HI_ID]: 'एजेंट मित्र: आपका सत्यापन कोड ##var1## है। यह ##var2## तक मान्य है।',
      },
    },
  });
  apps = await startApps({
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    OTP_MAX_SENDS_PER_WINDOW: '1000',
    OTP_ALLOWED_COUNTRIES: 'IN,US',
    PROVIDER_RETRY_BUDGET_MS: '0',
    SMS_ROUTES: 'IN:msg91>twilio,*:twilio',
    SMS_PROVIDER_FAILURE_THRESHOLD: '2',
    SMS_PROVIDER_COOLDOWN_SECONDS: '1',
    OTP_SMS_TEMPLATE_HI: HI_TEMPLATE,
    OTP_SMS_VALIDITY_HI: '{n} मिनट',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    MSG91_AUTH_KEY: fakes.msg91.authKey,
    MSG91_API_URL: fakes.msg91Url,
    MSG91_TEMPLATE_ID: EN_ID,
    MSG91_TEMPLATE_ID_HI: HI_ID,
    MSG91_WEBHOOK_SECRET: SECRET,
  });
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  client = new Service(`127.0.0.1:${apps.ports['otp-service']}`, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  if (apps) expect(await apps.stop()).toBe(0);
  await fakes?.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers
const port = (app: string) => apps.ports[app] ?? 0;
const restSend = async (toPhone: string, locale?: string) => {
  const res = await curl(
    port('gateway'),
    'POST',
    '/api/v1/otp/send',
    JSON.stringify({ to_phone: toPhone, channel: 'sms', locale }),
    {
      'Content-Type': 'application/json',
    },
  );
  return { status: res.status, body: json(res.body) };
};
const attempts = async (requestId: string) =>
  json((await curl(port('gateway'), 'GET', `/api/v1/otp/requests/${requestId}`)).body)[
    'data'
  ].send_attempts.map((a: { provider: string; reason: string | null; status: string }) => [
    a.provider,
    a.reason,
    a.status,
  ]);
/** An attempt's status reads as its message's receipts left it: `queued`, or later if a receipt came. */
const ACCEPTED = expect.stringMatching(/^(queued|sent|delivered)$/);
const msg91Breaker = async (app: string) =>
  json((await curl(port(app), 'GET', '/readyz')).body)['checks'].sms_providers.msg91;

/** MSG91 writes report times in IST without a zone: `2026-01-05 10:06:20`. */
const istInAMinute = () =>
  new Date(Date.now() + 60_000 + 5.5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

function grpc<T>(method: 'SendOtp' | 'GetDeliveryStatus', request: object): Promise<T> {
  return new Promise((done, fail) =>
    (client[method] as (r: object, m: Metadata, cb: (e: ServiceError | null, r?: T) => void) => void).call(
      client,
      request,
      new Metadata(),
      (error, response) => (error ? fail(error) : done(response as T)),
    ),
  );
}

describe('SMS routing across processes', () => {
  it('+91 goes through MSG91 in the locale’s DLT template; another country through Twilio', async () => {
    const india = await restSend('+919876500001', 'hi');
    expect(india.body['data']).toMatchObject({ provider: 'msg91', channel: 'sms' });
    const sms = fakes.messages.at(-1) as Msg91FakeMessage;
    expect(sms).toMatchObject({ provider: 'msg91', to: '+919876500001', templateId: HI_ID });
    expect(sms.text).toBe(`एजेंट मित्र: आपका सत्यापन कोड ${sms.code ?? ''} है। यह 5 मिनट तक मान्य है।`);
    const verified = await curl(
      port('gateway'),
      'POST',
      '/api/v1/otp/verify',
      JSON.stringify({
        to_phone: '+919876500001',
        code: sms.code,
        request_id: india.body['data'].request_id,
      }),
      { 'Content-Type': 'application/json' },
    );
    expect(verified.status).toBe(200);

    const us = await grpc<pb.SendOtpResponse__Output>('SendOtp', {
      to_phone: '+12025550123',
      channel: 'CHANNEL_SMS',
    });
    expect(us.provider).toBe('twilio');
    expect(fakes.messages.at(-1)).toMatchObject({
      provider: 'twilio',
      body: expect.stringMatching(/^Your Agent Mitra verification code is: \d{6}\. Valid for 5 minutes\.$/),
    });
  });

  it('MSG91 delivery reports are stored by the webhook app and read over REST and gRPC', async () => {
    const sent = await restSend('+919876500002');
    const messageId: string = sent.body['data'].message_id;
    const report = new URLSearchParams({
      data: JSON.stringify([
        {
          requestId: messageId,
          report: [{ date: istInAMinute(), number: '919876500002', status: '1', desc: 'DELIVERED' }],
        },
      ]),
    }).toString();
    const post = (secret: string) =>
      curl(port('webhooks'), 'POST', `/webhooks/msg91/status?secret=${secret}`, report, {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
    expect((await post('wrong')).status).toBe(403);
    expect((await post(SECRET)).status).toBe(200);
    const rest = json(
      (await curl(port('gateway'), 'GET', `/api/v1/external/messages/${messageId}/status`)).body,
    );
    expect(rest['data']).toMatchObject({ provider: 'msg91', status: 'delivered' });
    expect(rest['data'].events.map((e: { status: string }) => e.status)).toEqual(['queued', 'delivered']);
    const viaGrpc = await grpc<pb.GetDeliveryStatusResponse__Output>('GetDeliveryStatus', {
      message_id: messageId,
    });
    expect(viaGrpc).toMatchObject({ provider: 'msg91', status: 'delivered' });
  });

  it('MSG91 down: +91 goes through Twilio, the breaker opens for every instance, then recovers', async () => {
    const msg91Calls = () => fakes.requestsTo('msg91').length;
    fakes.failNext({ provider: 'msg91', status: 503, body: {}, times: 2 });
    const viaGateway = await restSend('+919876500003');
    const viaGrpc = await grpc<pb.SendOtpResponse__Output>('SendOtp', {
      to_phone: '+919876500004',
      channel: 'CHANNEL_SMS',
    });
    expect([viaGateway.body['data'].provider, viaGrpc.provider]).toEqual(['twilio', 'twilio']);
    expect(await attempts(viaGateway.body['data'].request_id)).toEqual([
      ['msg91', null, 'failed'],
      ['twilio', 'failover', ACCEPTED],
    ]);
    // One outage seen by each process: open in the shared store, for all three.
    for (const app of ['gateway', 'webhooks'])
      expect(await msg91Breaker(app)).toMatchObject({ state: 'open' });
    const before = msg91Calls();
    const paused = await restSend('+919876500005');
    expect(await attempts(paused.body['data'].request_id)).toEqual([['twilio', 'breaker_open', ACCEPTED]]);
    expect(msg91Calls()).toBe(before);

    await sleep(1_100); // SMS_PROVIDER_COOLDOWN_SECONDS=1: the next send probes MSG91
    const probe = await grpc<pb.SendOtpResponse__Output>('SendOtp', {
      to_phone: '+919876500006',
      channel: 'CHANNEL_SMS',
    });
    expect(probe.provider).toBe('msg91');
    expect(await msg91Breaker('gateway')).toMatchObject({ state: 'closed', consecutive_failures: 0 });
    const metrics = (await curl(port('gateway'), 'GET', '/metrics')).body;
    expect(metrics).toMatch(/otp_provider_breaker_state\{provider="msg91",app="gateway"\} 0/);
    expect(metrics).toMatch(
      /otp_provider_failovers_total\{from="msg91",to="twilio",reason="breaker_open",app="gateway"\} 1/,
    );
  });

  it('an MSG91 refusal of the number does not fail over', async () => {
    const twilioCalls = fakes.requestsTo('twilio').length;
    fakes.failNext({
      provider: 'msg91',
      status: 400,
      body: msg91ErrorBody('Invalid mobile number', '202'),
    });
    const refused = await restSend('+919876500007');
    expect([refused.status, refused.body['error']]).toEqual([
      422,
      expect.objectContaining({
        code: 'PROVIDER_REJECTED',
        details: { provider: 'msg91', provider_code: '202' },
      }),
    ]);
    expect(fakes.requestsTo('twilio')).toHaveLength(twilioCalls);
  });

  it('no code, number or provider secret reached the logs', () => {
    const logs = apps.lines.join('\n');
    for (const message of fakes.messages) if (message.code) expect(logs).not.toContain(message.code);
    for (const secret of [fakes.msg91.authKey, fakes.twilio.authToken, SECRET, '9876500001']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('DLT templates at start', () => {
  it('a template with an unfillable or oversized slot stops the app with the template and the problem', async () => {
    const failure: unknown = await startApps(
      {
        OTP_SMS_TEMPLATE_EN: 'Agent Mitra code {#var#} for {#var#} on {#var#}',
        OTP_SMS_TEMPLATE_HI: HI_TEMPLATE,
        OTP_SMS_VALIDITY_HI: '{n} मिनट तक, कृपया किसी से साझा न करें',
      },
      ['otp-service'],
    ).catch((error: unknown) => error);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toContain('exited (1)');
    expect(message).toContain(
      'OTP_SMS_TEMPLATE_EN: "Agent Mitra code {#var#} for {#var#} on {#var#}" has 3 {#var#} slots but only 2 can be filled',
    );
    expect(message).toContain('the validity slot can take 36 characters, more than DLT_VAR_MAX_LENGTH=30');
  });
});
