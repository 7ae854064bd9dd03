// A provider call that may have reached the provider is never retried (a retry could deliver the code
// twice): both channels against real sockets that take the whole request and then stall, reset, hang up
// or cut the answer short. Failures that prove nothing was sent (refused, connect timeout, a timeout
// inside the TLS handshake) are still retried.
import { ProviderError, TwilioSmsChannel, WhatsAppCloudChannel, type OtpChannel } from '../../index';
import {
  captureLogs,
  fakeTiming,
  otpMessage,
  smsTemplates,
  type FakeTiming,
} from '../../testing/channel-testing';
import {
  startMisbehavingProvider,
  type Misbehaviour,
  type MisbehavingProvider,
} from '../../testing/misbehaving-provider';

interface Timeouts {
  readonly connectTimeoutMs: number;
  readonly timeoutMs: number;
  readonly retryBudgetMs: number;
}

const CHANNELS: readonly [string, (origin: string, t: Timeouts, clock: FakeTiming) => OtpChannel][] = [
  [
    'Twilio (SDK on our http client)',
    (origin, t, clock) =>
      new TwilioSmsChannel({
        accountSid: `AC${'0'.repeat(32)}`,
        authToken: 'token',
        phoneNumber: '+15005550006',
        apiUrl: origin,
        templates: smsTemplates(),
        maxConcurrency: 2,
        logger: captureLogs().logger,
        timing: clock.timing,
        ...t,
      }),
  ],
  [
    'WhatsApp (axios)',
    (origin, t, clock) =>
      new WhatsAppCloudChannel({
        apiUrl: `${origin}/v18.0`,
        accessToken: 'token',
        phoneNumberId: '106540352242922',
        templateName: 'agent_mitra_otp',
        templateLanguage: 'en',
        maxConcurrency: 2,
        logger: captureLogs().logger,
        timing: clock.timing,
        ...t,
      }),
  ],
];

let provider: MisbehavingProvider | null = null;
let channel: OtpChannel | null = null;
afterEach(async () => {
  await channel?.close?.();
  await provider?.close();
  channel = null;
  provider = null;
});

async function sendTo(
  behaviour: Misbehaviour,
  make: (origin: string, t: Timeouts, clock: FakeTiming) => OtpChannel,
  timeouts: Timeouts,
): Promise<{ error: ProviderError; clock: FakeTiming; provider: MisbehavingProvider }> {
  const clock = fakeTiming();
  provider = await startMisbehavingProvider(behaviour);
  channel = make(provider.origin, timeouts, clock);
  const error: unknown = await channel.send(otpMessage()).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return { error, clock, provider };
}

/**
 * Each attempt opened one TCP connection; the server counts it when its accept callback runs, which on
 * a loaded machine can come after the client has already given up. So wait (bounded) for the server to
 * have seen them all, then compare exactly: a count that never arrives or overshoots still fails.
 */
async function connectionsSeen(provider: MisbehavingProvider, expected: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  while (provider.connections < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return provider.connections;
}

// The clock is fake: retries would cost no real time, so a budget of 10 s would allow many.
const GENEROUS = { connectTimeoutMs: 2_000, timeoutMs: 300, retryBudgetMs: 10_000 };

describe.each(CHANNELS)('%s', (_name, make) => {
  it.each<Misbehaviour>(['stall', 'reset', 'hang-up', 'cut-answer'])(
    'the provider takes the whole request, then does "%s": unknown, sent once, never retried',
    async (behaviour) => {
      const { error, clock, provider } = await sendTo(behaviour, make, GENEROUS);
      expect(error).toMatchObject({ kind: 'unknown', code: 'PROVIDER_UNAVAILABLE', fallbackEligible: false });
      expect(error.message).toMatch(/may have gone out$/);
      expect(provider.requests).toBe(1);
      expect(clock.delays).toEqual([]);
    },
  );

  it('a TLS handshake that never completes hits the connect timeout: nothing was sent, so it is retried', async () => {
    const { error, clock, provider } = await sendTo('silent-tcp', make, {
      connectTimeoutMs: 50,
      timeoutMs: 60_000,
      retryBudgetMs: 300,
    });
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(error.message).toMatch(/^could not connect to/);
    expect(clock.delays.length).toBeGreaterThan(0);
    expect(await connectionsSeen(provider, clock.delays.length + 1)).toBe(clock.delays.length + 1);
  });

  it('the total timeout firing inside the TLS handshake is retried too: the request was never written', async () => {
    const { error, clock, provider } = await sendTo('silent-tcp', make, {
      connectTimeoutMs: 60_000,
      timeoutMs: 100,
      retryBudgetMs: 300,
    });
    expect(error).toMatchObject({ kind: 'unavailable' });
    expect(error.message).toMatch(/did not answer in time$/);
    expect(await connectionsSeen(provider, clock.delays.length + 1)).toBe(clock.delays.length + 1);
    expect(provider.connections).toBeGreaterThan(1);
  });

  it('a refused connection is retried', async () => {
    const closed = await startMisbehavingProvider('stall');
    const origin = closed.origin;
    await closed.close();
    const clock = fakeTiming();
    channel = make(origin, { ...GENEROUS, retryBudgetMs: 300 }, clock);
    await expect(channel.send(otpMessage())).rejects.toMatchObject({ kind: 'unavailable' });
    expect(clock.delays.length).toBeGreaterThan(0);
  });
});
