// The fake providers' signed status webhooks, accepted by the real webhooks app: the real channels send
// through the fakes, which answer at once and post receipts later, per number, as Meta and Twilio do.
import { Msg91SmsChannel, SmsTemplates, TwilioSmsChannel, WhatsAppCloudChannel } from '@agent-mitra/channels';
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { createLogger } from '@agent-mitra/observability';
import { expectCleanLogs } from './testing/fixtures';
import { TEST_SECRETS, WebhooksUnderTest } from './testing/harness';

let server: WebhooksUnderTest;
let fakes: FakeProviders;
let whatsapp: WhatsAppCloudChannel;
let sms: TwilioSmsChannel;
let msg91: Msg91SmsChannel;
const MSG91_SECRET = 'test-msg91-webhook-secret-3be0d5';

beforeAll(async () => {
  server = await WebhooksUnderTest.start({ MSG91_WEBHOOK_SECRET: MSG91_SECRET });
  fakes = await createFakeProviders({
    twilio: { authToken: TEST_SECRETS.TWILIO_AUTH_TOKEN },
    receipts: {
      whatsapp: {
        url: `${server.baseUrl}/webhooks/whatsapp`,
        appSecret: TEST_SECRETS.WHATSAPP_WEBHOOK_SECRET,
      },
      twilio: {},
      msg91: { url: `${server.baseUrl}/webhooks/msg91/status?secret=${MSG91_SECRET}` },
      rules: [
        // The CLI's rule: an SMS to a number ending in 9 is not delivered (MSG91 report 2 FAILED).
        { provider: 'msg91', numberEndsWith: '9', statuses: [{ status: 'failed', afterMs: 20 }] },
        // Not on WhatsApp: accepted, then failed 131026 (the India case of issue 11), posted twice.
        {
          provider: 'whatsapp',
          numberEndsWith: '7',
          statuses: [{ status: 'failed', afterMs: 20, errorCode: 131026, times: 2 }],
        },
        // Delivered stamped T+2 arrives before failed stamped T+1.
        {
          provider: 'whatsapp',
          numberEndsWith: '1',
          statuses: [
            { status: 'delivered', afterMs: 10, eventAfterMs: 2_000 },
            { status: 'failed', afterMs: 40, eventAfterMs: 1_000, errorCode: 131049 },
          ],
        },
        {
          provider: 'twilio',
          numberEndsWith: '9',
          statuses: [
            { status: 'sent', afterMs: 10 },
            { status: 'undelivered', afterMs: 30, errorCode: 30008 },
          ],
        },
        {
          provider: 'twilio',
          numberEndsWith: '0',
          statuses: [
            { status: 'sent', afterMs: 10 },
            { status: 'delivered', afterMs: 30 },
            { status: 'undelivered', afterMs: 50, errorCode: 30008 },
          ],
        },
      ],
    },
  });
  const templates = SmsTemplates.fromConfig({ templates: {}, varMaxLength: 30, ttlSeconds: 300 });
  const common = {
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    retryBudgetMs: 0,
    maxConcurrency: 2,
    logger: createLogger({ name: 'fake-receipts', level: 'silent' }),
  };
  whatsapp = new WhatsAppCloudChannel({
    ...common,
    apiUrl: fakes.graphUrl,
    accessToken: fakes.whatsapp.accessToken,
    phoneNumberId: fakes.whatsapp.phoneNumberId,
    templateName: 'agent_mitra_otp',
    templateLanguage: 'en',
  });
  sms = new TwilioSmsChannel({
    ...common,
    accountSid: fakes.twilio.accountSid,
    authToken: fakes.twilio.authToken,
    phoneNumber: '+15005550006',
    apiUrl: fakes.twilioUrl,
    templates,
    webhooksPublicUrl: server.baseUrl,
  });
  msg91 = new Msg91SmsChannel({
    ...common,
    authKey: fakes.msg91.authKey,
    apiUrl: fakes.msg91Url,
    templateIds: { EN: '65f1c0ffee0123456789abcd' },
    templates,
  });
});
afterAll(async () => {
  await whatsapp?.close();
  await sms?.close();
  await msg91?.close();
  await fakes?.close();
  expectCleanLogs(server.logs());
  await server?.close();
});

const message = (to: string) => ({
  requestId: 'req-1',
  to,
  code: '482913',
  ttlSeconds: 300,
  locale: null,
  purpose: null,
});
const delivery = (id: string) => server.delivery(id);

describe('receipts posted by the fake providers to the running webhooks app', () => {
  it('WhatsApp accepts, then a signed failed 131026 arrives (twice) and is stored once', async () => {
    const sent = await whatsapp.send(message('+919876543217'));
    expect(sent.status).toBe('queued');
    await fakes.receipts.settled();
    expect(fakes.receipts.posted.map((p) => [p.messageId, p.status, p.answer])).toEqual([
      [sent.messageId, 'failed', 200],
      [sent.messageId, 'failed', 200],
    ]);
    const record = await delivery(sent.messageId);
    expect(record).toMatchObject({
      provider: 'whatsapp',
      status: 'failed',
      recipientMasked: '+91******3217',
    });
    expect(record?.events).toEqual([expect.objectContaining({ status: 'failed', errorCode: '131026' })]);
  });

  it('WhatsApp delivered arriving before an earlier-stamped failed stays delivered, history by timestamp', async () => {
    const sent = await whatsapp.send(message('+919876543211'));
    await fakes.receipts.settled();
    const record = await delivery(sent.messageId);
    expect(record?.status).toBe('delivered');
    expect(record?.events.map((e) => [e.status, e.errorCode])).toEqual([
      ['failed', '131049'],
      ['delivered', null],
    ]);
  });

  it('Twilio posts signed callbacks to the StatusCallback the channel gave: undelivered 30008', async () => {
    const sent = await sms.send(message('+919876543219'));
    await fakes.receipts.settled();
    const record = await delivery(sent.messageId);
    expect(record?.status).toBe('undelivered');
    expect(record?.events.map((e) => [e.status, e.errorCode])).toEqual([
      ['sent', null],
      ['undelivered', '30008'],
    ]);
  });

  it('Twilio sent, delivered, then undelivered ends delivered', async () => {
    const sent = await sms.send(message('+919876543210'));
    await fakes.receipts.settled();
    expect((await delivery(sent.messageId))?.status).toBe('delivered');
    expect(fakes.receipts.posted.every((p) => p.answer === 200)).toBe(true);
  });

  it('MSG91 posts its form-encoded delivery report with the secret: delivered by default', async () => {
    const sent = await msg91.send(message('+919876543210'));
    await fakes.receipts.settled();
    const record = await delivery(sent.messageId);
    expect(record).toMatchObject({
      provider: 'msg91',
      status: 'delivered',
      recipientMasked: '+91******3210',
    });
    expect(
      fakes.receipts.posted.filter((p) => p.provider === 'msg91').map((p) => [p.status, p.answer]),
    ).toEqual([['delivered', 200]]);
  });

  it('MSG91 to a number ending in 9: report 2 FAILED, stored as undelivered', async () => {
    const sent = await msg91.send(message('+919876543219'));
    await fakes.receipts.settled();
    const record = await delivery(sent.messageId);
    expect(record?.status).toBe('undelivered');
    expect(record?.events.map((e) => e.status)).toEqual(['undelivered']);
  });
});
