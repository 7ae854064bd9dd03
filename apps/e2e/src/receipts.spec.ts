import { createHmac } from 'node:crypto';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import twilio from 'twilio';
import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import { loadOtpProto, type pb } from '@agent-mitra/contract';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Receipts posted to the webhook process become the status the gateway and gRPC processes read.
let apps: RunningApps;
beforeAll(async () => {
  apps = await startApps();
});
afterAll(async () => {
  if (apps) expect(await apps.stop()).toBe(0);
});

const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers

async function twilioCallback(
  params: Record<string, string>,
  token: string = DEV_DEFAULT_SECRETS.TWILIO_AUTH_TOKEN,
) {
  const port = apps.ports['webhooks'] ?? 0;
  const url = `http://localhost:${port}/webhooks/twilio/status`;
  const body = new URLSearchParams(params).toString();
  return curl(port, 'POST', '/webhooks/twilio/status', body, {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Twilio-Signature': twilio.getExpectedTwilioSignature(token, url, params),
  });
}

async function metaCallback(statuses: object[]) {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      { id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', statuses } }] },
    ],
  });
  const signature = createHmac('sha256', DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET)
    .update(body)
    .digest('hex');
  return curl(apps.ports['webhooks'] ?? 0, 'POST', '/webhooks/whatsapp', body, {
    'Content-Type': 'application/json',
    'X-Hub-Signature-256': `sha256=${signature}`,
  });
}

function grpcStatus(messageId: string) {
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  const client = new Service(`127.0.0.1:${apps.ports['otp-service']}`, credentials.createInsecure());
  return new Promise<pb.GetDeliveryStatusResponse__Output>((done, fail) =>
    client.GetDeliveryStatus(
      { message_id: messageId },
      new Metadata(),
      (error: ServiceError | null, response) => {
        client.close();
        return error || !response ? fail(error) : done(response);
      },
    ),
  );
}

describe('npm start: delivery receipts across processes', () => {
  it('Twilio callbacks, signed, in order and repeated, end as one history readable over REST and gRPC', async () => {
    const sid = 'SM0123456789abcdef0123456789abcdef';
    for (const status of ['sent', 'delivered', 'delivered']) {
      expect(
        (await twilioCallback({ MessageSid: sid, MessageStatus: status, To: '+919876543210' })).status,
      ).toBe(200);
    }
    const forged = await twilioCallback(
      { MessageSid: sid, MessageStatus: 'failed', ErrorCode: '30003' },
      'wrong-token',
    );
    expect(forged.status).toBe(403);

    const rest = json(
      (await curl(apps.ports['gateway'] ?? 0, 'GET', `/api/v1/external/messages/${sid}/status`)).body,
    );
    expect(rest['data']).toMatchObject({ provider: 'twilio', status: 'delivered' });
    expect(rest['data'].events.map((e: { status: string }) => e.status)).toEqual(['sent', 'delivered']);

    const grpc = await grpcStatus(sid);
    expect(grpc).toMatchObject({ message_id: sid, provider: 'twilio', status: 'delivered' });
    expect(grpc.events).toHaveLength(2);
  });

  it('Meta statuses out of order end as read, with the whole history', async () => {
    const wamid = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzU2RkQ2';
    const at = Math.floor(Date.now() / 1000);
    expect(
      (
        await metaCallback([
          { id: wamid, status: 'read', timestamp: String(at + 2), recipient_id: '919876543210' },
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await metaCallback([
          { id: wamid, status: 'sent', timestamp: String(at), recipient_id: '919876543210' },
          { id: wamid, status: 'delivered', timestamp: String(at + 1), recipient_id: '919876543210' },
        ])
      ).status,
    ).toBe(200);
    const grpc = await grpcStatus(wamid);
    expect(grpc).toMatchObject({ provider: 'whatsapp', status: 'read' });
    expect(grpc.events.map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
    expect(grpc.events[0]?.at_unix_ms).toBe(at * 1000);
  });
});
