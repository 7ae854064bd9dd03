import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { createFakeProviders, type FakeProviders, type ReceiptOptions } from '../index';

interface Received {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A stand-in for the webhooks app: records every POST and answers 200 (or `answer`). */
let receiver: Server;
let received: Received[];
let receiverUrl: string;
let answer = 200;
let fakes: FakeProviders;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', () => listening()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((closed) => receiver.close(() => closed())));
beforeEach(() => {
  received = [];
  answer = 200;
});
afterEach(() => fakes.close());

const APP_SECRET = 'test-app-secret';
const start = (receipts: ReceiptOptions) => createFakeProviders({ receipts }).then((f) => (fakes = f));

async function sendWhatsApp(to: string): Promise<string> {
  const res = await fetch(`${fakes.graphUrl}/${fakes.whatsapp.phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fakes.whatsapp.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      messaging_product: 'whatsapp',
      to,
      type: 'template',
      template: {
        name: 'agent_mitra_otp',
        language: { code: 'en' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    }),
  });
  return ((await res.json()) as { messages: { id: string }[] }).messages[0]?.id ?? '';
}

async function sendSms(to: string, statusCallback?: string): Promise<string> {
  const form = {
    To: to,
    From: '+15005550006',
    Body: 'Your code is 482913',
    ...(statusCallback ? { StatusCallback: statusCallback } : {}),
  };
  const res = await fetch(`${fakes.twilioUrl}/2010-04-01/Accounts/${fakes.twilio.accountSid}/Messages.json`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${fakes.twilio.accountSid}:${fakes.twilio.authToken}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
  return ((await res.json()) as { sid: string }).sid;
}

type MetaBody = {
  entry: { changes: { field: string; value: { statuses: Record<string, unknown>[] } }[] }[];
};
const metaStatuses = () =>
  received.map((r) => (JSON.parse(r.body) as MetaBody).entry[0]?.changes[0]?.value.statuses[0] ?? {});

describe('WhatsApp status webhooks from the Graph fake', () => {
  it('answers the send with 200, then posts failed 131026 for numbers ending in 7, signed with the app secret', async () => {
    await start({
      whatsapp: { url: `${receiverUrl}/webhooks/whatsapp`, appSecret: APP_SECRET },
      rules: [
        {
          provider: 'whatsapp',
          numberEndsWith: '7',
          statuses: [{ status: 'failed', afterMs: 30, errorCode: 131026 }],
        },
      ],
    });
    const before = Math.floor(Date.now() / 1000);
    const wamid = await sendWhatsApp('919876543217');
    expect(received).toHaveLength(0); // the send answered first
    await fakes.receipts.settled();
    expect(received).toHaveLength(1);
    const [post] = received;
    expect(post?.path).toBe('/webhooks/whatsapp');
    const expected = `sha256=${createHmac('sha256', APP_SECRET)
      .update(post?.body ?? '')
      .digest('hex')}`;
    expect(post?.headers['x-hub-signature-256']).toBe(expected);
    expect(JSON.parse(post?.body ?? '')).toMatchObject({
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            { field: 'messages', value: { metadata: { phone_number_id: fakes.whatsapp.phoneNumberId } } },
          ],
        },
      ],
    });
    const [status] = metaStatuses();
    expect(status).toMatchObject({
      id: wamid,
      status: 'failed',
      recipient_id: '919876543217',
      errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: expect.any(String) } }],
    });
    expect(Number(status?.['timestamp'])).toBeGreaterThanOrEqual(before);
    expect(fakes.receipts.posted).toEqual([
      expect.objectContaining({ provider: 'whatsapp', messageId: wamid, status: 'failed', answer: 200 }),
    ]);
  });

  it('gives other numbers the default sent then delivered, and a rule can reorder arrival against event time', async () => {
    await start({
      whatsapp: { url: `${receiverUrl}/hook`, appSecret: APP_SECRET },
      rules: [
        {
          provider: 'whatsapp',
          numberEndsWith: '1',
          statuses: [
            { status: 'delivered', afterMs: 10, eventAfterMs: 2_000 },
            { status: 'failed', afterMs: 60, eventAfterMs: 1_000, errorCode: 131049, times: 2 },
          ],
        },
      ],
    });
    await sendWhatsApp('919876543211');
    await fakes.receipts.settled();
    const statuses = metaStatuses();
    expect(statuses.map((s) => s['status'])).toEqual(['delivered', 'failed', 'failed']);
    expect(Number(statuses[0]?.['timestamp'])).toBeGreaterThan(Number(statuses[1]?.['timestamp']));
    expect(received[1]?.body).toBe(received[2]?.body); // a retried notification: the very same bytes

    received = [];
    await sendWhatsApp('919876543210');
    await fakes.receipts.settled();
    expect(metaStatuses().map((s) => [s['status'], s['pricing']])).toEqual([
      ['sent', { billable: true, pricing_model: 'PMP', type: 'regular', category: 'authentication' }],
      ['delivered', expect.objectContaining({ category: 'authentication' })],
    ]);
  });

  it('cancels scheduled statuses on reset, and records a webhooks app that refuses', async () => {
    await start({ whatsapp: { url: `${receiverUrl}/hook`, appSecret: APP_SECRET } });
    answer = 401;
    await sendWhatsApp('919876543210');
    fakes.reset(); // cancels the scheduled statuses
    await fakes.receipts.settled();
    expect(fakes.receipts.posted).toEqual([]);
    expect(received).toEqual([]);
    await sendWhatsApp('919876543212');
    const accepted = fakes.messages[0];
    if (!accepted) throw new Error('no message');
    expect(await fakes.receipts.post(accepted, { status: 'read', afterMs: 0 })).toMatchObject({
      answer: 401,
    });
  });
});

describe('Twilio status callbacks from the Messages fake', () => {
  it('posts to the StatusCallback of the send, signed for that URL, with the documented fields', async () => {
    await start({
      twilio: {},
      rules: [
        {
          provider: 'twilio',
          numberEndsWith: '9',
          statuses: [
            { status: 'sent', afterMs: 10 },
            { status: 'undelivered', afterMs: 40, errorCode: 30008 },
          ],
        },
      ],
    });
    const callback = `${receiverUrl}/webhooks/twilio/status?attempt=1`;
    const sid = await sendSms('+919876543219', callback);
    await fakes.receipts.settled();
    expect(received.map((r) => r.path)).toEqual([
      '/webhooks/twilio/status?attempt=1',
      '/webhooks/twilio/status?attempt=1',
    ]);
    const forms = received.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(forms[1]).toEqual({
      ApiVersion: '2010-04-01',
      AccountSid: fakes.twilio.accountSid,
      MessageSid: sid,
      SmsSid: sid,
      MessageStatus: 'undelivered',
      SmsStatus: 'undelivered',
      To: '+919876543219',
      From: '+15005550006',
      ErrorCode: '30008',
      RawDlrDoneDate: expect.stringMatching(/^\d{10}$/),
    });
    for (const [i, post] of received.entries()) {
      const signature = post.headers['x-twilio-signature'];
      expect(
        twilio.validateRequest(fakes.twilio.authToken, String(signature), callback, forms[i] ?? {}),
      ).toBe(true);
      expect(post.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
    }
  });

  it('uses the configured URL when the send gave none, and can connect through another origin (a tunnel)', async () => {
    const publicUrl = 'https://hooks.example.test/webhooks/twilio/status';
    await start({
      twilio: { url: publicUrl, via: receiverUrl },
      rules: [{ provider: 'twilio', numberEndsWith: '', statuses: [{ status: 'delivered', afterMs: 5 }] }],
    });
    await sendSms('+919876543210');
    await fakes.receipts.settled();
    expect(received.map((r) => r.path)).toEqual(['/webhooks/twilio/status']);
    const form = Object.fromEntries(new URLSearchParams(received[0]?.body));
    expect(
      twilio.validateRequest(
        fakes.twilio.authToken,
        String(received[0]?.headers['x-twilio-signature']),
        publicUrl,
        form,
      ),
    ).toBe(true);
    expect(fakes.receipts.posted).toEqual([
      expect.objectContaining({ url: publicUrl, status: 'delivered', answer: 200 }),
    ]);
  });

  it('posts nothing when receipts are not configured', async () => {
    await start({});
    await sendSms('+919876543210', `${receiverUrl}/webhooks/twilio/status`);
    await sendWhatsApp('919876543210');
    await fakes.receipts.settled();
    expect(received).toEqual([]);
  });
});
