import {
  createFakeProviders,
  msg91ErrorBody,
  type FakeProviders,
  type Msg91FakeMessage,
} from '@agent-mitra/fake-providers';
import { Msg91SmsChannel, ProviderError, type Msg91SmsOptions } from '../../index';
import {
  captureLogs,
  fakeTiming,
  otpMessage,
  PHONE,
  smsTemplates,
  type CapturedLogs,
  type FakeTiming,
} from '../../testing/channel-testing';

const EN_ID = '65f1c0ffee0123456789abcd';
const HI_ID = '65f1c0ffee0123456789abce';
const HI = 'एजेंट मित्र: आपका सत्यापन कोड {#var#} है। यह {#var#} तक मान्य है।';
// The templates as created in MSG91's panel: the DLT text with ##var1##, ##var2## where {#var#} is.
const PANEL = {
  [EN_ID]: 'Your Agent Mitra verification code is: ##var1##. Valid for ##var2##.',
  [HI_ID]: 'एजेंट मित्र: आपका सत्यापन कोड ##var1## है। यह ##var2## तक मान्य है।',
};

let fakes: FakeProviders;
let logs: CapturedLogs;
let clock: FakeTiming;
const channels: Msg91SmsChannel[] = [];

beforeAll(async () => {
  fakes = await createFakeProviders({ msg91: { templates: PANEL } });
});
afterAll(() => fakes.close());
beforeEach(() => {
  fakes.reset();
  logs = captureLogs();
  clock = fakeTiming();
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((channel) => channel.close()));
});

function msg91(overrides: Partial<Msg91SmsOptions> = {}): Msg91SmsChannel {
  const channel = new Msg91SmsChannel({
    authKey: fakes.msg91.authKey,
    apiUrl: fakes.msg91Url,
    templateIds: { EN: EN_ID, HI: HI_ID },
    senderId: 'AGMTRA',
    templates: smsTemplates({ templates: { HI: { text: HI, validity: '{n} मिनट' } } }),
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    maxConcurrency: 4,
    retryBudgetMs: 10_000,
    logger: logs.logger,
    timing: clock.timing,
    ...overrides,
  });
  channels.push(channel);
  return channel;
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

const last = () => fakes.messages.at(-1) as Msg91FakeMessage;

describe('Msg91SmsChannel request', () => {
  it('posts the flow API body: template, sender, the number in digits and the slots as var1, var2', async () => {
    const receipt = await msg91().send(otpMessage());
    expect(fakes.requests).toEqual([
      expect.objectContaining({ provider: 'msg91', method: 'POST', path: '/api/v5/flow', status: 200 }),
    ]);
    expect(last().payload).toEqual({
      template_id: EN_ID,
      short_url: '0',
      sender: 'AGMTRA',
      recipients: [{ mobiles: '919876543210', var1: '482913', var2: '5 minutes' }],
    });
    // What the phone shows is the registered text, character for character (the text Twilio would send).
    expect(last().text).toBe('Your Agent Mitra verification code is: 482913. Valid for 5 minutes.');
    expect(receipt).toEqual({ provider: 'msg91', messageId: last().requestId, status: 'queued' });
    expect(last().requestId).toMatch(/^[0-9a-f]{24}$/);
  });

  it("uses the locale's MSG91 template, Unicode for Devanagari, and EN where MSG91 has none", async () => {
    await msg91().send(otpMessage({ locale: 'hi-IN' }));
    expect(last()).toMatchObject({
      templateId: HI_ID,
      text: 'एजेंट मित्र: आपका सत्यापन कोड 482913 है। यह 5 मिनट तक मान्य है।',
      payload: expect.objectContaining({ unicode: 1 }),
    });
    await msg91({ templateIds: { EN: EN_ID } }).send(otpMessage({ locale: 'hi' }));
    expect(last()).toMatchObject({ templateId: EN_ID, variables: { var1: '482913', var2: '5 minutes' } });
    expect(last().payload).not.toHaveProperty('unicode');
  });
});

describe('Msg91SmsChannel failures', () => {
  it('a wrong auth key is credentials: one request, one error log naming MSG91_AUTH_KEY, no key logged', async () => {
    const error = await failureOf(msg91({ authKey: 'not-the-key' }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'credentials', providerCode: '207', fallbackEligible: false });
    expect(fakes.requestsTo('msg91')).toHaveLength(1);
    expect(logs.errors()).toEqual([expect.objectContaining({ provider: 'msg91', fix: 'MSG91_AUTH_KEY' })]);
    const text = logs.lines.join('');
    for (const secret of ['not-the-key', fakes.msg91.authKey, '482913', PHONE.slice(1)])
      expect(text).not.toContain(secret);
  });

  it('an unknown template is credentials naming MSG91_TEMPLATE_ID; an invalid number is a refusal', async () => {
    expect(
      await failureOf(msg91({ templateIds: { EN: 'nosuchtemplate1' } }).send(otpMessage())),
    ).toMatchObject({
      kind: 'credentials',
      providerCode: null,
    });
    expect(logs.errors()[0]).toMatchObject({ fix: expect.stringContaining('MSG91_TEMPLATE_ID') });
    fakes.failNext({ provider: 'msg91', status: 400, body: msg91ErrorBody('Invalid mobile number', '202') });
    expect(await failureOf(msg91().send(otpMessage()))).toMatchObject({
      kind: 'rejected',
      providerCode: '202',
      code: 'PROVIDER_REJECTED',
    });
  });

  it('reads an error answered with HTTP 200 and type "error"', async () => {
    fakes.failNext({ provider: 'msg91', status: 200, body: msg91ErrorBody('Insufficient balance', '301') });
    expect(await failureOf(msg91().send(otpMessage()))).toMatchObject({
      kind: 'credentials',
      providerCode: '301',
    });
  });

  it('retries 5xx and throttling within its budget, then delivers', async () => {
    fakes.failNext({ provider: 'msg91', status: 503, body: 'Service Unavailable' });
    fakes.failNext({ provider: 'msg91', status: 429, body: {}, headers: { 'Retry-After': '2' } });
    const receipt = await msg91().send(otpMessage());
    expect(fakes.requestsTo('msg91').map((request) => request.status)).toEqual([503, 429, 200]);
    expect(clock.delays).toEqual([100, 2_000]);
    expect(receipt.provider).toBe('msg91');
  });

  it("honours the message's retry budget over its own (routing shares one budget)", async () => {
    fakes.failNext({ provider: 'msg91', status: 503, body: {}, times: 100 });
    const error = await failureOf(msg91().send(otpMessage({ retryBudgetMs: 0 })));
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(fakes.requestsTo('msg91')).toHaveLength(1);
  });
});
