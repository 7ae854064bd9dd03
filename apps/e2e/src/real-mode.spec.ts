import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import twilio from 'twilio';
import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import {
  appEnv,
  createFakeProviders,
  graphErrorBody,
  twilioErrorBody,
  type FakeProviders,
} from '@agent-mitra/fake-providers';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Mock mode off: the three processes deliver through the real twilio SDK and axios to the fake
// providers, and the code the fake "phone" received is the one that verifies.
let fakes: FakeProviders;
let apps: RunningApps;
let client: OtpServiceClient;
const PUBLIC_URL = 'https://otp.example.test';

beforeAll(async () => {
  fakes = await createFakeProviders({ whatsapp: { templates: { agent_mitra_otp: ['en', 'hi'] } } });
  apps = await startApps({
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    PROVIDER_RETRY_BUDGET_MS: '300',
    ...appEnv(fakes),
    WEBHOOKS_PUBLIC_URL: PUBLIC_URL,
  });
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  client = new Service(`127.0.0.1:${apps.ports['otp-service']}`, credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  if (apps) expect(await apps.stop()).toBe(0);
  await fakes?.close();
});

beforeEach(() => fakes.reset());

const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers
const post = (path: string, body: object) =>
  curl(apps.ports['gateway'] ?? 0, 'POST', path, JSON.stringify(body), {
    'Content-Type': 'application/json',
  });
const lastCode = () => {
  const code = fakes.messages.at(-1)?.code;
  if (!code) throw new Error('the fake received no code');
  return code;
};

function grpc<T>(method: 'SendOtp' | 'VerifyOtp', request: object): Promise<T> {
  return new Promise((done, fail) =>
    (client[method] as (r: object, m: Metadata, cb: (e: ServiceError | null, r?: T) => void) => void).call(
      client,
      request,
      new Metadata(),
      (error, response) => (error ? fail(error) : done(response as T)),
    ),
  );
}

describe('real mode through the fake providers', () => {
  it('SMS over REST: the code the phone got verifies; the answer never carries it', async () => {
    const sent = await post('/api/v1/otp/send', { to_phone: '+919876543210', channel: 'sms' });
    expect(sent.status).toBe(200);
    const data = json(sent.body)['data'];
    expect(data).toMatchObject({ provider: 'twilio', channel: 'sms', mock: false, status: 'queued' });
    expect(data).not.toHaveProperty('otp_sent');
    const sms = fakes.messages.at(-1);
    expect(sms).toMatchObject({
      provider: 'twilio',
      to: '+919876543210',
      statusCallback: `${PUBLIC_URL}/webhooks/twilio/status`,
    });
    expect(data.message_id).toBe(sms?.provider === 'twilio' ? sms.sid : '');
    expect(sent.body).not.toContain(lastCode());
    const wrong = await post('/api/v1/otp/verify', {
      to_phone: '+919876543210',
      code: lastCode() === '000000' ? '111111' : '000000',
      request_id: data.request_id,
    });
    expect(json(wrong.body)['error'].code).toBe('OTP_INVALID');
    const right = await post('/api/v1/otp/verify', {
      to_phone: '+919876543210',
      code: lastCode(),
      request_id: data.request_id,
    });
    expect(right.status).toBe(200);
  });

  it('WhatsApp over gRPC: an AUTHENTICATION template carries the code, which verifies', async () => {
    const sent = await grpc<pb.SendOtpResponse__Output>('SendOtp', {
      to_phone: '+919811100011',
      channel: 'CHANNEL_WHATSAPP',
      locale: 'hi',
    });
    expect(sent).toMatchObject({
      provider: 'whatsapp',
      channel: 'CHANNEL_WHATSAPP',
      mock: false,
      otp_sent: '',
    });
    expect(sent.message_id).toMatch(/^wamid\./);
    const message = fakes.messages.at(-1);
    expect(message?.provider === 'whatsapp' && message.template).toMatchObject({
      name: 'agent_mitra_otp',
      language: 'hi',
      bodyParameters: [lastCode()],
      buttonParameters: [lastCode()],
    });
    expect(await grpc('VerifyOtp', { to_phone: '+919811100011', code: lastCode() })).toMatchObject({
      verified: true,
      result: 'VERIFY_RESULT_APPROVED',
    });
  });

  it('falls back from WhatsApp to SMS when the number is not on WhatsApp, recording both attempts', async () => {
    fakes.failNext({
      provider: 'whatsapp',
      status: 400,
      body: graphErrorBody(131026, 'Message undeliverable'),
    });
    const sent = json(
      (await post('/api/v1/otp/send', { to_phone: '+919822200022', channel: 'whatsapp' })).body,
    )['data'];
    expect(sent).toMatchObject({ channel: 'sms', provider: 'twilio' });
    const state = json(
      (await curl(apps.ports['gateway'] ?? 0, 'GET', `/api/v1/otp/requests/${sent.request_id}`)).body,
    )['data'];
    expect(
      state.send_attempts.map((a: { channel: string; error_code: string | null }) => [
        a.channel,
        a.error_code,
      ]),
    ).toEqual([
      ['whatsapp', '131026'],
      ['sms', null],
    ]);
    expect(
      (
        await post('/api/v1/otp/verify', {
          to_phone: '+919822200022',
          code: lastCode(),
          request_id: sent.request_id,
        })
      ).status,
    ).toBe(200);
  });

  it('maps provider refusals and outages to the documented errors over REST and gRPC', async () => {
    fakes.failNext({
      provider: 'twilio',
      status: 400,
      body: twilioErrorBody(21211, 400, "The 'To' number is not a valid phone number."),
    });
    const rejected = await post('/api/v1/otp/send', { to_phone: '+919833300033', channel: 'sms' });
    expect([rejected.status, json(rejected.body)['error']]).toEqual([
      422,
      expect.objectContaining({
        code: 'PROVIDER_REJECTED',
        details: { provider: 'twilio', provider_code: '21211' },
      }),
    ]);
    expect(fakes.requestsTo('twilio')).toHaveLength(1);

    fakes.failNext({
      provider: 'twilio',
      status: 400,
      body: twilioErrorBody(21614, 400, 'not a mobile number'),
    });
    const refused = await grpc('SendOtp', { to_phone: '+919833300034', channel: 'CHANNEL_SMS' }).catch(
      (e: ServiceError) => e,
    );
    expect((refused as ServiceError).code).toBe(status.FAILED_PRECONDITION);

    fakes.failNext({
      provider: 'whatsapp',
      status: 429,
      body: graphErrorBody(130429, 'Rate limit hit'),
      times: 1000,
    });
    const down = await post('/api/v1/otp/send', {
      to_phone: '+919833300035',
      channel: 'whatsapp',
      allow_fallback: false,
    });
    expect([down.status, json(down.body)['error'].code]).toEqual([503, 'PROVIDER_UNAVAILABLE']);
    expect(fakes.requestsTo('whatsapp').length).toBeGreaterThan(1);
  });

  it('a signed Twilio status callback for the real message moves its status, read over REST', async () => {
    const sent = json((await post('/api/v1/otp/send', { to_phone: '+919844400044', channel: 'sms' })).body)[
      'data'
    ];
    const url = `${PUBLIC_URL}/webhooks/twilio/status`;
    const params = {
      MessageSid: sent.message_id,
      MessageStatus: 'delivered',
      AccountSid: fakes.twilio.accountSid,
    };
    const callback = await curl(
      apps.ports['webhooks'] ?? 0,
      'POST',
      '/webhooks/twilio/status',
      new URLSearchParams(params).toString(),
      {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(fakes.twilio.authToken, url, params),
      },
    );
    expect(callback.status).toBe(200);
    const state = json(
      (await curl(apps.ports['gateway'] ?? 0, 'GET', `/api/v1/otp/requests/${sent.request_id}`)).body,
    )['data'];
    // The request view never shows the provider id (stored only as its keyed hash).
    expect(state.delivery).toMatchObject({ status: 'delivered', message_id: null });
    expect(JSON.stringify(state)).not.toContain(sent.message_id);
    expect(state.delivery.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'delivered']);
  });

  it('an idempotent WhatsApp send replays, and its signed receipts are stored', async () => {
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'retry-wa-1' };
    const body = JSON.stringify({ to_phone: '+919855500055', channel: 'whatsapp' });
    const first = await curl(apps.ports['gateway'] ?? 0, 'POST', '/api/v1/otp/send', body, headers);
    const again = await curl(apps.ports['gateway'] ?? 0, 'POST', '/api/v1/otp/send', body, headers);
    expect(again.body).toBe(first.body);
    expect(fakes.requestsTo('whatsapp')).toHaveLength(1);
    const wamid = json(first.body)['data'].message_id as string;
    expect(wamid).toMatch(/^wamid\./);
    const at = Math.floor(Date.now() / 1000);
    const receipt = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                statuses: [
                  { id: wamid, status: 'delivered', timestamp: String(at), recipient_id: '919855500055' },
                ],
              },
            },
          ],
        },
      ],
    });
    const signature = createHmac('sha256', DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET)
      .update(receipt)
      .digest('hex');
    const stored = await curl(apps.ports['webhooks'] ?? 0, 'POST', '/webhooks/whatsapp', receipt, {
      'Content-Type': 'application/json',
      'X-Hub-Signature-256': `sha256=${signature}`,
    });
    expect(stored.status).toBe(200);
    const status = await curl(
      apps.ports['gateway'] ?? 0,
      'GET',
      `/api/v1/external/messages/${encodeURIComponent(wamid)}/status`,
    );
    expect(json(status.body)['data']).toMatchObject({ message_id: wamid, status: 'delivered' });
  });

  it('the database files hold no full number and no provider message id', () => {
    const bytes = readdirSync(apps.dir)
      .filter((name) => name.startsWith('otp.sqlite'))
      .map((name) => readFileSync(join(apps.dir, name)).toString('latin1'))
      .join('');
    expect(bytes.length).toBeGreaterThan(0);
    for (const number of PHONES_USED)
      expect({ number, found: bytes.includes(number.slice(3)) }).toEqual({ number, found: false });
    expect(bytes).not.toMatch(/wamid/);
    expect(bytes).not.toMatch(/SM[0-9a-f]{32}/);
  });

  it('no code, no provider secret and no message id ever reached the apps’ logs', () => {
    const logs = apps.lines.join('\n');
    for (const message of fakes.messages) if (message.code) expect(logs).not.toContain(message.code);
    expect(logs).not.toContain(fakes.twilio.authToken);
    expect(logs).not.toContain(fakes.whatsapp.accessToken);
    expect(logs).not.toContain('9876543210');
    expect(logs).not.toMatch(/wamid|SM[0-9a-f]{32}/);
  });
});

/** Every number this file sends to: none may be found in the database files. */
const PHONES_USED = [
  '+919876543210',
  '+919811100011',
  '+919822200022',
  '+919833300033',
  '+919833300034',
  '+919833300035',
  '+919844400044',
  '+919855500055',
];
