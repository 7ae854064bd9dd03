import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceClient } from '@agent-mitra/contract';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

const MOCK_TEXT = 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.';

let apps: RunningApps;
beforeAll(async () => {
  apps = await startApps();
});
afterAll(async () => {
  if (apps) expect(await apps.stop()).toBe(0);
});

const gateway = () => apps.ports['gateway'] ?? 0;
const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers

describe('npm start: the original setup guide', () => {
  it('curl -X POST .../external/sms/otp -H "Content-Type: application/json" -d \'{"to_phone": "+919876543210", "otp": "123456"}\'', async () => {
    const res = await curl(
      gateway(),
      'POST',
      '/api/v1/external/sms/otp',
      '{"to_phone": "+919876543210", "otp": "123456"}',
      {
        'Content-Type': 'application/json',
      },
    );
    expect(res.status).toBe(200);
    const body = json(res.body);
    expect(body).toMatchObject({
      success: true,
      message: 'OTP sent successfully',
      data: {
        provider: 'mock',
        status: 'sent',
        to: '+919876543210',
        otp_sent: '123456',
        message: MOCK_TEXT,
        mock: true,
      },
    });
    expect(body['data'].message_id).toMatch(/^mock_\+919876543210_\d{10}$/);
  });

  it('curl -X POST ".../external/whatsapp/otp?to_phone=+919876543210&otp=123456"', async () => {
    const res = await curl(
      gateway(),
      'POST',
      '/api/v1/external/whatsapp/otp?to_phone=+919876543210&otp=123456',
    );
    expect(res.status).toBe(200);
    expect(json(res.body)).toMatchObject({
      success: true,
      data: {
        provider: 'mock',
        status: 'sent',
        to: '+919876543210',
        otp_sent: '123456',
        message: MOCK_TEXT,
        mock: true,
      },
      message: 'OTP sent successfully',
    });
  });
});

describe('npm start: the mobile flow over REST', () => {
  it('send → wrong code → right code → reuse', async () => {
    const phone = '+919811122233';
    const post = (path: string, body: object) =>
      curl(gateway(), 'POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
    const sent = json((await post('/api/v1/otp/send', { to_phone: phone, channel: 'whatsapp' })).body);
    expect(sent['data']).toMatchObject({ channel: 'whatsapp', mock: true, otp_sent: '123456' });
    const request_id = sent['data'].request_id as string;
    const wrong = await post('/api/v1/otp/verify', { to_phone: phone, code: '654321', request_id });
    expect([
      wrong.status,
      json(wrong.body)['error'].code,
      json(wrong.body)['error'].details.attempts_left,
    ]).toEqual([400, 'OTP_INVALID', 4]);
    const right = await post('/api/v1/otp/verify', { to_phone: phone, code: '123456', request_id });
    expect(right.status).toBe(200);
    expect(right.headers['cache-control']).toBe('no-store');
    expect(json(right.body)['data'].verification_token).toMatch(/^ey/);
    const reuse = await post('/api/v1/otp/verify', { to_phone: phone, code: '123456', request_id });
    expect([reuse.status, json(reuse.body)['error'].code]).toEqual([404, 'OTP_NOT_FOUND']);
    const state = json(
      (await curl(gateway(), 'GET', `/api/v1/otp/requests/${sent['data'].request_id}`)).body,
    );
    expect(state['data']).toMatchObject({ state: 'verified', channel_used: 'whatsapp' });
  });
});

/** A grpc-js client of the running otp-service and a promise-returning unary call on it. */
function grpcClient() {
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  const client: OtpServiceClient = new Service(
    `127.0.0.1:${apps.ports['otp-service']}`,
    credentials.createInsecure(),
  );
  const unary = <T>(method: 'SendOtp' | 'VerifyOtp', request: object) =>
    new Promise<T>((done, fail) =>
      (client[method] as (r: object, m: Metadata, cb: (e: ServiceError | null, r?: T) => void) => void).call(
        client,
        request,
        new Metadata(),
        (error, response) => (error ? fail(error) : done(response as T)),
      ),
    );
  return { client, unary };
}

describe('npm start: the same over gRPC, across processes', () => {
  it('SendOtp on the gRPC process, wrong and right VerifyOtp, delivery status seen by the gateway', async () => {
    const { client, unary } = grpcClient();
    try {
      const phone = '+919822233344';
      const sent = await unary<{ request_id: string; message_id: string; mock: boolean }>('SendOtp', {
        to_phone: phone,
        channel: 'CHANNEL_SMS',
      });
      expect(sent.mock).toBe(true);
      expect(await unary('VerifyOtp', { to_phone: phone, code: '999999' })).toMatchObject({
        verified: false,
        result: 'VERIFY_RESULT_INVALID_CODE',
        attempts_left: 4,
      });
      expect(await unary('VerifyOtp', { to_phone: phone, code: '123456' })).toMatchObject({
        verified: true,
        result: 'VERIFY_RESULT_APPROVED',
      });
      expect(await unary('VerifyOtp', { to_phone: phone, code: '123456' })).toMatchObject({
        result: 'VERIFY_RESULT_NOT_FOUND',
      });
      // The gateway is another process: it sees the same store.
      const status = await curl(
        gateway(),
        'GET',
        `/api/v1/external/messages/${encodeURIComponent(sent.message_id)}/status`,
      );
      expect(json(status.body)['data']).toMatchObject({
        provider: 'mock',
        status: 'sent',
        request_id: sent.request_id,
      });
      // What the gRPC process did is scraped from its own HTTP side, without the number.
      const metrics = await curl(apps.ports['otp-service-ops'] ?? 0, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(/otp_mock_sends_total\{[^}]*\} [1-9]/);
      expect(metrics.body).toMatch(/otp_verifications_total\{[^}]*result="approved"[^}]*\} 1/);
      expect(metrics.body).toMatch(/grpc_request_duration_seconds_count\{[^}]*SendOtp[^}]*\} 1/);
      expect(metrics.body).not.toContain('9822233344');
    } finally {
      client.close();
    }
  });

  it('a code a backend chose over gRPC never becomes a public login; gRPC VerifyOtp may check it', async () => {
    const { client, unary } = grpcClient();
    try {
      const victim = '+919833344455';
      const minted = await unary<{ request_id: string }>('SendOtp', {
        to_phone: victim,
        channel: 'CHANNEL_SMS',
        otp: '4242',
      });
      for (const code of ['4242', '123456']) {
        const res = await curl(
          gateway(),
          'POST',
          '/api/v1/otp/verify',
          JSON.stringify({ to_phone: victim, code, request_id: minted.request_id }),
          { 'Content-Type': 'application/json' },
        );
        expect([res.status, json(res.body)['error'].code]).toEqual([404, 'OTP_NOT_FOUND']);
      }
      const checked = await unary<{ verified: boolean; verification_token: string }>('VerifyOtp', {
        to_phone: victim,
        code: '123456',
      });
      expect(checked.verified).toBe(true);
      const claims = JSON.parse(
        Buffer.from(checked.verification_token.split('.')[1] ?? '', 'base64url').toString(),
      ) as { code_origin: string };
      expect(claims.code_origin).toBe('caller');
    } finally {
      client.close();
    }
  });

  it('every app answers its health check', async () => {
    for (const name of ['gateway', 'webhooks']) {
      const res = await curl(apps.ports[name] ?? 0, 'GET', '/healthz');
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
    }
  });
});
