import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import twilio from 'twilio';
import { loadOtpProto, type OtpServiceClient } from '@agent-mitra/contract';
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { startPostgres, type RunningPostgres } from '@agent-mitra/postgres-harness';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Two gateways, two otp-services and one webhook app, each started as `npm run start:<app>` would, on
// one PostgreSQL of their own (this suite restarts it), in real mode against the fake providers.
const PUBLIC_URL = 'https://otp.example.test';
const SLOW = 120_000;
let postgres: RunningPostgres | undefined;
let fakes: FakeProviders | undefined;
const apps: Record<'gw1' | 'gw2' | 'os1' | 'os2' | 'wh', RunningApps | undefined> = {
  gw1: undefined,
  gw2: undefined,
  os1: undefined,
  os2: undefined,
  wh: undefined,
};
const clients: OtpServiceClient[] = [];

beforeAll(async () => {
  [postgres, fakes] = await Promise.all([startPostgres({ database: 'otp' }), createFakeProviders()]);
  const env = {
    DATABASE_URL: `${postgres.url}?connect_timeout=2`,
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    PROVIDER_RETRY_BUDGET_MS: '300',
    WEBHOOKS_PUBLIC_URL: PUBLIC_URL,
  };
  // One after the other: each start.mjs rebuilds dist/ before it starts its app.
  apps.gw1 = await startApps(env, ['gateway']);
  apps.gw2 = await startApps(env, ['gateway']);
  apps.os1 = await startApps(env, ['otp-service']);
  apps.os2 = await startApps(env, ['otp-service']);
  apps.wh = await startApps(env, ['webhooks']);
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  for (const name of ['os1', 'os2'] as const) {
    clients.push(new Service(`127.0.0.1:${port(name)}`, credentials.createInsecure()));
  }
}, SLOW);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(Object.values(apps).map((app) => app?.stop()));
  await fakes?.close();
  await postgres?.stop();
}, SLOW);

function port(name: keyof typeof apps): number {
  return (
    apps[name]?.ports[name.startsWith('gw') ? 'gateway' : name === 'wh' ? 'webhooks' : 'otp-service'] ?? 0
  );
}
const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers
const post = (gateway: 'gw1' | 'gw2', path: string, body: object) =>
  curl(port(gateway), 'POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
const codeSentTo = (phone: string) => {
  const code = fakes?.messages.filter((message) => message.to === phone).at(-1)?.code;
  if (!code) throw new Error(`no code reached ${phone}`);
  return code;
};

function grpc<T>(
  client: OtpServiceClient,
  method: 'SendOtp' | 'VerifyOtp' | 'GetDeliveryStatus',
  request: object,
): Promise<T> {
  type Call = (r: object, m: Metadata, cb: (e: ServiceError | null, r?: T) => void) => void;
  return new Promise((done, fail) =>
    (client[method] as Call).call(client, request, new Metadata(), (error, response) =>
      error ? fail(error) : done(response as T),
    ),
  );
}
const grpcSend = (client: OtpServiceClient, phone: string) =>
  grpc<{ request_id: string; message_id: string }>(client, 'SendOtp', {
    to_phone: phone,
    channel: 'CHANNEL_SMS',
  });
const grpcVerify = (client: OtpServiceClient, phone: string, code: string, requestId: string) =>
  grpc<{ verified: boolean; result: string; attempts_left: number }>(client, 'VerifyOtp', {
    to_phone: phone,
    code,
    request_id: requestId,
  });
const restVerify = (gateway: 'gw1' | 'gw2', phone: string, code: string, requestId: string) =>
  post(gateway, '/api/v1/otp/verify', { to_phone: phone, code, request_id: requestId });

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('many instances of each app on one PostgreSQL', () => {
  it('a code sent through one instance verifies on another (REST and gRPC)', async () => {
    const phone = '+919800000001';
    const sent = await post('gw1', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' });
    expect(sent.status).toBe(200);
    const verified = await restVerify('gw2', phone, codeSentTo(phone), json(sent.body)['data'].request_id);
    expect(verified.status).toBe(200);
    expect(json(verified.body)['data']).toMatchObject({ verified: true, result: 'approved' });

    const other = '+919800000002';
    const [os1, os2] = clients as [OtpServiceClient, OtpServiceClient];
    const grpcSent = await grpcSend(os1, other);
    expect(await grpcVerify(os2, other, codeSentTo(other), grpcSent.request_id)).toMatchObject({
      verified: true,
      result: 'VERIFY_RESULT_APPROVED',
    });
  });

  it('a cooldown set through one instance is refused on the other', async () => {
    const phone = '+919800000003';
    expect((await post('gw1', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' })).status).toBe(200);
    const again = await post('gw2', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' });
    expect(again.status).toBe(429);
    expect(json(again.body)['error'].code).toBe('RATE_LIMITED');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);

    const [os1, os2] = clients as [OtpServiceClient, OtpServiceClient];
    const backendPhone = '+919800000004';
    await grpcSend(os1, backendPhone);
    await expect(grpcSend(os2, backendPhone)).rejects.toMatchObject({ code: status.RESOURCE_EXHAUSTED });
  });

  it('ten simultaneous verifies of one code across four instances approve exactly once', async () => {
    const phone = '+919800000005';
    const [os1, os2] = clients as [OtpServiceClient, OtpServiceClient];
    const sent = await grpcSend(os1, phone);
    const code = codeSentTo(phone);
    const approvals = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        if (i % 2 === 0) return (await grpcVerify(i % 4 ? os2 : os1, phone, code, sent.request_id)).verified;
        const answer = await restVerify(i % 4 === 1 ? 'gw1' : 'gw2', phone, code, sent.request_id);
        return answer.status === 200 && json(answer.body)['data'].verified === true;
      }),
    );
    expect(approvals.filter(Boolean)).toHaveLength(1);
  });

  it('a dozen simultaneous wrong codes across instances count exactly the limit; the right code is then refused', async () => {
    const phone = '+919800000006';
    const [os1, os2] = clients as [OtpServiceClient, OtpServiceClient];
    const sent = await grpcSend(os2, phone);
    const right = codeSentTo(phone);
    const wrong = right === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        if (i % 2 === 0) {
          const answer = await grpcVerify(i % 4 ? os2 : os1, phone, wrong, sent.request_id);
          return { invalid: answer.result === 'VERIFY_RESULT_INVALID_CODE', left: answer.attempts_left };
        }
        const answer = json(
          (await restVerify(i % 4 === 1 ? 'gw1' : 'gw2', phone, wrong, sent.request_id)).body,
        );
        return {
          invalid: answer['error'].code === 'OTP_INVALID',
          left: answer['error'].details?.attempts_left,
        };
      }),
    );
    const counted = results.filter((result) => result.invalid);
    expect(counted.map((result) => result.left).sort()).toEqual([0, 1, 2, 3, 4]);
    const late = await restVerify('gw1', phone, right, sent.request_id);
    expect(late.status).toBe(429);
    expect(json(late.body)['error'].code).toBe('OTP_MAX_ATTEMPTS');
    expect(await grpcVerify(os1, phone, right, sent.request_id)).toMatchObject({ verified: false });
  });

  it('a receipt taken by the webhook app is read through every gateway and every otp-service', async () => {
    const phone = '+919800000007';
    const sid = json((await post('gw1', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' })).body)[
      'data'
    ].message_id as string;
    const params = {
      MessageSid: sid,
      MessageStatus: 'delivered',
      AccountSid: fakes?.twilio.accountSid ?? '',
    };
    const signature = twilio.getExpectedTwilioSignature(
      fakes?.twilio.authToken ?? '',
      `${PUBLIC_URL}/webhooks/twilio/status`,
      params,
    );
    const callback = await curl(
      port('wh'),
      'POST',
      '/webhooks/twilio/status',
      new URLSearchParams(params).toString(),
      {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signature,
      },
    );
    expect(callback.status).toBe(200);
    for (const gateway of ['gw1', 'gw2'] as const) {
      const answer = json((await curl(port(gateway), 'GET', `/api/v1/external/messages/${sid}/status`)).body);
      expect(answer['data']).toMatchObject({ provider: 'twilio', status: 'delivered' });
    }
    for (const client of clients) {
      expect(await grpc(client, 'GetDeliveryStatus', { message_id: sid })).toMatchObject({
        status: 'delivered',
      });
    }
  });

  it('only the otp-services run background duties', () => {
    const started = (name: keyof typeof apps) =>
      apps[name]?.lines.some((line) => line.includes('background duties started')) ?? false;
    expect(started('os1')).toBe(true);
    expect(started('gw1') || started('gw2') || started('wh')).toBe(false);
  });

  it('with one gateway and one otp-service stopped, the others carry on', async () => {
    expect(await apps.gw2?.stop()).toBe(0);
    expect(await apps.os2?.stop()).toBe(0);
    const phone = '+919800000008';
    const sent = await post('gw1', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' });
    expect(sent.status).toBe(200);
    const answer = await grpcVerify(
      clients[0] as OtpServiceClient,
      phone,
      codeSentTo(phone),
      json(sent.body)['data'].request_id,
    );
    expect(answer.verified).toBe(true);
  });

  it('PostgreSQL restarted mid-run: clear errors during the gap, then service resumes without restarting any app', async () => {
    const server = postgres as RunningPostgres;
    const os1 = clients[0] as OtpServiceClient;
    await server.stopServer();

    const refused = await post('gw1', '/api/v1/otp/send', { to_phone: '+919800000009', channel: 'sms' });
    expect(refused.status).toBe(503);
    expect(json(refused.body)['error'].code).toBe('STORE_UNAVAILABLE');
    await expect(grpcSend(os1, '+919800000009')).rejects.toMatchObject({ code: status.UNAVAILABLE });
    const receipt = await curl(
      port('wh'),
      'POST',
      '/webhooks/twilio/status',
      'MessageSid=SMx&MessageStatus=sent',
      {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
          fakes?.twilio.authToken ?? '',
          `${PUBLIC_URL}/webhooks/twilio/status`,
          { MessageSid: 'SMx', MessageStatus: 'sent' },
        ),
      },
    );
    expect(receipt.status).toBeGreaterThanOrEqual(500); // so Twilio retries it
    expect((await curl(port('gw1'), 'GET', '/readyz')).status).toBe(503);

    await server.startServer();
    await eventually(
      async () => (await curl(port('gw1'), 'GET', '/readyz')).status === 200,
      'gateway ready again',
    );
    const phone = '+919800000010';
    const sent = await post('gw1', '/api/v1/otp/send', { to_phone: phone, channel: 'sms' });
    expect(sent.status).toBe(200);
    expect(await grpcVerify(os1, phone, codeSentTo(phone), json(sent.body)['data'].request_id)).toMatchObject(
      {
        verified: true,
      },
    );
    for (const name of ['gw1', 'os1', 'wh'] as const) {
      expect(apps[name]?.lines.filter((line) => line.includes('"msg":"listening"'))).toHaveLength(1);
    }
  });
});
