import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  createFakeProviders,
  graphErrorBody,
  type FakeProviders,
  type WhatsAppFakeMessage,
} from '@agent-mitra/fake-providers';
import { ProviderError, WhatsAppCloudChannel, type WhatsAppCloudOptions } from '../../index';
import {
  captureLogs,
  fakeTiming,
  otpMessage,
  PHONE,
  type CapturedLogs,
  type FakeTiming,
} from '../../testing/channel-testing';

let fakes: FakeProviders;
let logs: CapturedLogs;
let clock: FakeTiming;
const channels: WhatsAppCloudChannel[] = [];

beforeEach(async () => {
  fakes = await createFakeProviders({ whatsapp: { templates: { agent_mitra_otp: ['en', 'hi', 'ta'] } } });
  logs = captureLogs();
  clock = fakeTiming();
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((channel) => channel.close()));
  await fakes.close();
});

function whatsappChannel(overrides: Partial<WhatsAppCloudOptions> = {}): WhatsAppCloudChannel {
  const channel = new WhatsAppCloudChannel({
    apiUrl: fakes.graphUrl,
    accessToken: fakes.whatsapp.accessToken,
    phoneNumberId: fakes.whatsapp.phoneNumberId,
    templateName: 'agent_mitra_otp',
    templateLanguage: 'en',
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

const sent = () => fakes.messages as WhatsAppFakeMessage[];

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
  for (const secret of ['482913', fakes.whatsapp.accessToken, PHONE.slice(1)])
    expect(text).not.toContain(secret);
}

describe('WhatsAppCloudChannel request', () => {
  it('posts the AUTHENTICATION template with the code in the body and the copy-code button', async () => {
    const receipt = await whatsappChannel().send(otpMessage());
    expect(fakes.requests).toEqual([
      expect.objectContaining({
        provider: 'whatsapp',
        path: `/v18.0/${fakes.whatsapp.phoneNumberId}/messages`,
        status: 200,
      }),
    ]);
    expect(sent()[0]?.payload).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '919876543210',
      type: 'template',
      template: {
        name: 'agent_mitra_otp',
        language: { code: 'en' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    });
    expect(receipt).toEqual({ provider: 'whatsapp', messageId: sent()[0]?.id, status: 'queued' });
  });

  it('picks the template language from the locale, else the configured one', async () => {
    const channel = whatsappChannel();
    for (const locale of ['hi', 'ta-IN', 'fr', null]) await channel.send(otpMessage({ locale }));
    expect(sent().map((message) => message.template?.language)).toEqual(['hi', 'ta', 'en', 'en']);
  });

  it('sends the configured language when the mapped translation is not approved (132001)', async () => {
    const receipt = await whatsappChannel().send(otpMessage({ locale: 'mr' }));
    expect(fakes.requestsTo('whatsapp').map((request) => request.status)).toEqual([404, 200]);
    expect(sent()[0]?.template?.language).toBe('en');
    expect(receipt.messageId).toMatch(/^wamid\./);
  });

  it('reuses one keep-alive connection for consecutive sends', async () => {
    const channel = whatsappChannel();
    await channel.send(otpMessage());
    await channel.send(otpMessage({ requestId: 'req-2' }));
    const [first, second] = fakes.requestsTo('whatsapp');
    expect(second?.remotePort).toBe(first?.remotePort);
  });
});

describe('WhatsAppCloudChannel failures', () => {
  it.each([131026, 131047, 131051, 132000, 132001, 132005, 132007, 132012, 132015, 132016])(
    'Graph %i is refused for good but SMS can cure it: rejected, not retried, fallback-eligible',
    async (code) => {
      fakes.failNext({
        provider: 'whatsapp',
        status: 400,
        body: graphErrorBody(code, `(#${code}) refused`, { details: 'x' }),
      });
      const error = await failureOf(whatsappChannel().send(otpMessage()));
      expect(error).toMatchObject({ kind: 'rejected', providerCode: String(code), fallbackEligible: true });
      expect(fakes.requestsTo('whatsapp')).toHaveLength(1);
      expectNoSecretsLogged();
    },
  );

  it.each([
    [130429, 429],
    [131056, 400],
    [80007, 400],
    [4, 400],
    [131000, 500],
    [131016, 503],
  ])('Graph %i (HTTP %i) is transient: retried once, then delivered', async (code, status) => {
    fakes.failNext({ provider: 'whatsapp', status, body: graphErrorBody(code, 'throttled') });
    const receipt = await whatsappChannel().send(otpMessage());
    expect(receipt.messageId).toMatch(/^wamid\./);
    expect(fakes.requestsTo('whatsapp').map((request) => request.status)).toEqual([status, 200]);
    expect(clock.delays).toEqual([100]);
  });

  it('stays unavailable (and fallback-eligible) when Graph keeps failing past the budget', async () => {
    fakes.failNext({
      provider: 'whatsapp',
      status: 503,
      body: '<html>Service Unavailable</html>',
      times: 100,
    });
    const error = await failureOf(whatsappChannel({ retryBudgetMs: 1_000 }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'unavailable', fallbackEligible: true, providerCode: null });
    expect(fakes.requestsTo('whatsapp')).toHaveLength(4);
  });

  it('an expired token (190) is a credentials failure: one request, one error log naming WHATSAPP_ACCESS_TOKEN', async () => {
    const error = await failureOf(whatsappChannel({ accessToken: 'EAAG-expired-token' }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'credentials', providerCode: '190', fallbackEligible: true });
    expect(fakes.requestsTo('whatsapp')).toHaveLength(1);
    expect(logs.errors()).toEqual([
      expect.objectContaining({ provider: 'whatsapp', fix: 'WHATSAPP_ACCESS_TOKEN' }),
    ]);
    expect(logs.lines.join('')).not.toContain('EAAG-expired-token');
    expectNoSecretsLogged();
  });

  it('an unknown phone number id (100/33) names WHATSAPP_PHONE_NUMBER_ID', async () => {
    const error = await failureOf(whatsappChannel({ phoneNumberId: '999' }).send(otpMessage()));
    expect(error).toMatchObject({ kind: 'credentials', providerCode: '100' });
    expect(logs.errors()).toEqual([expect.objectContaining({ fix: 'WHATSAPP_PHONE_NUMBER_ID' })]);
  });

  it('does not retry when Graph took the message but answered after the timeout: unknown, no fallback', async () => {
    fakes.setLatency(1_000);
    const error = await failureOf(whatsappChannel({ timeoutMs: 50 }).send(otpMessage()));
    expect(error).toMatchObject({
      kind: 'unknown',
      code: 'PROVIDER_UNAVAILABLE',
      message: 'the WhatsApp request was sent but no answer came back; the message may have gone out',
      fallbackEligible: false,
    });
    expect(sent()).toHaveLength(1);
    expect(clock.delays).toEqual([]);
  });

  it('a 502 from a gateway in front of Graph is unknown: one request, no retry', async () => {
    fakes.failNext({ provider: 'whatsapp', status: 502, body: '<html>Bad Gateway</html>', times: 100 });
    const error = await failureOf(whatsappChannel().send(otpMessage()));
    expect(error).toMatchObject({ kind: 'unknown', fallbackEligible: false });
    expect(fakes.requestsTo('whatsapp')).toHaveLength(1);
  });

  describe('connect timeout', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeEach(async () => {
      silent = createServer((socket) => sockets.add(socket)); // accepts TCP, never speaks TLS
      await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', () => listening()));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closed) => silent.close(() => closed()));
    });

    it('gives up on a connection whose TLS handshake never completes, before the request timeout', async () => {
      const { port } = silent.address() as AddressInfo;
      const channel = whatsappChannel({
        apiUrl: `https://127.0.0.1:${port}/v18.0`,
        connectTimeoutMs: 50,
        timeoutMs: 60_000,
        retryBudgetMs: 0,
      });
      const error = await failureOf(channel.send(otpMessage()));
      expect(error).toMatchObject({ kind: 'unavailable', message: 'could not connect to WhatsApp' });
    });
  });
});
