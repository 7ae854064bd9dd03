import type { SmsProviderName } from '@agent-mitra/contract';
import {
  createFakeProviders,
  msg91ErrorBody,
  twilioErrorBody,
  type FakeProviders,
} from '@agent-mitra/fake-providers';
import {
  Msg91SmsChannel,
  NO_BREAKERS,
  ProviderError,
  RoutedSmsChannel,
  SmsRouteTable,
  TwilioSmsChannel,
  type CircuitBreakers,
  type ProviderAttempt,
} from '../../index';
import {
  captureLogs,
  fakeTiming,
  otpMessage,
  smsTemplates,
  type FakeTiming,
} from '../../testing/channel-testing';

const EN_ID = '65f1c0ffee0123456789abcd';
const US_PHONE = '+12025550123';

let fakes: FakeProviders;
let clock: FakeTiming;
let routed: RoutedSmsChannel | null = null;

beforeAll(async () => {
  fakes = await createFakeProviders();
});
afterAll(() => fakes.close());
beforeEach(() => {
  fakes.reset();
  clock = fakeTiming();
});
afterEach(async () => {
  await routed?.close();
  routed = null;
});

/** The breakers port as the routing sees it; the store-backed one is tested in libs/runtime and libs/store. */
function breakersDenying(...denied: SmsProviderName[]) {
  const recorded: [SmsProviderName, string][] = [];
  const breakers: CircuitBreakers = {
    acquire: (provider) =>
      Promise.resolve(
        denied.includes(provider) ? { allowed: false, state: 'open' } : { allowed: true, state: 'closed' },
      ),
    record: (provider, outcome) => {
      recorded.push([provider, outcome]);
      return Promise.resolve();
    },
  };
  return { breakers, recorded };
}

function route(options: { breakers?: CircuitBreakers; budgetMs?: number } = {}) {
  const logs = captureLogs();
  const common = {
    connectTimeoutMs: 2_000,
    timeoutMs: 5_000,
    maxConcurrency: 4,
    retryBudgetMs: 60_000,
    logger: logs.logger,
    timing: clock.timing,
    templates: smsTemplates(),
  };
  const providers = new Map<SmsProviderName, TwilioSmsChannel | Msg91SmsChannel>([
    [
      'msg91',
      new Msg91SmsChannel({
        ...common,
        authKey: fakes.msg91.authKey,
        apiUrl: fakes.msg91Url,
        templateIds: { EN: EN_ID },
      }),
    ],
    [
      'twilio',
      new TwilioSmsChannel({
        ...common,
        accountSid: fakes.twilio.accountSid,
        authToken: fakes.twilio.authToken,
        phoneNumber: '+15005550006',
        apiUrl: fakes.twilioUrl,
      }),
    ],
  ]);
  routed = new RoutedSmsChannel({
    providers,
    routes: new SmsRouteTable(
      [
        { country: 'IN', providers: ['msg91', 'twilio'] },
        { country: '*', providers: ['twilio'] },
      ],
      new Set(providers.keys()),
    ),
    breakers: options.breakers ?? NO_BREAKERS,
    retryBudgetMs: options.budgetMs ?? 1_000,
    logger: logs.logger,
    now: clock.timing.now,
  });
  return { channel: routed, logs };
}

function recorder() {
  const attempts: ProviderAttempt[] = [];
  const onAttempt = (attempt: ProviderAttempt) => {
    attempts.push(attempt);
    return Promise.resolve();
  };
  const summary = () =>
    attempts.map((a) => [a.provider, a.reason, a.receipt ? 'ok' : (a.error as ProviderError).kind]);
  return { onAttempt, summary };
}

describe('RoutedSmsChannel', () => {
  it('sends +91 through MSG91 and other countries through Twilio, reporting each as the first choice', async () => {
    const { channel } = route();
    const india = recorder();
    expect((await channel.send(otpMessage({ onAttempt: india.onAttempt }))).provider).toBe('msg91');
    const us = recorder();
    expect((await channel.send(otpMessage({ to: US_PHONE, onAttempt: us.onAttempt }))).provider).toBe(
      'twilio',
    );
    expect([india.summary(), us.summary()]).toEqual([[['msg91', null, 'ok']], [['twilio', null, 'ok']]]);
    expect(fakes.requests.map((r) => r.provider)).toEqual(['msg91', 'twilio']);
  });

  it('fails over on an outage, inside one budget: half of it for MSG91, the rest for Twilio', async () => {
    const { breakers, recorded } = breakersDenying();
    const { channel } = route({ breakers, budgetMs: 1_000 });
    fakes.failNext({ provider: 'msg91', status: 503, body: {}, times: 100 });
    const attempts = recorder();
    const receipt = await channel.send(otpMessage({ onAttempt: attempts.onAttempt }));
    expect(receipt.provider).toBe('twilio');
    expect(attempts.summary()).toEqual([
      ['msg91', null, 'unavailable'],
      ['twilio', 'failover', 'ok'],
    ]);
    // MSG91 had 500 ms: waits of 100 and 200 ms, the next (400) would pass it; Twilio got the rest.
    expect(clock.delays).toEqual([100, 200]);
    expect(fakes.requestsTo('msg91')).toHaveLength(3);
    expect(recorded).toEqual([
      ['msg91', 'failure'],
      ['twilio', 'success'],
    ]);
  });

  it('fails over on bad MSG91 credentials too: Twilio can still deliver', async () => {
    fakes.failNext({ provider: 'msg91', status: 401, body: msg91ErrorBody('Authentication failure', '207') });
    const attempts = recorder();
    await route().channel.send(otpMessage({ onAttempt: attempts.onAttempt }));
    expect(attempts.summary()).toEqual([
      ['msg91', null, 'credentials'],
      ['twilio', 'failover', 'ok'],
    ]);
  });

  it('never fails over when the number itself is refused; the breaker counts it as a provider that answered', async () => {
    const { breakers, recorded } = breakersDenying();
    fakes.failNext({ provider: 'msg91', status: 400, body: msg91ErrorBody('Invalid mobile number', '202') });
    const attempts = recorder();
    const error: unknown = await route({ breakers })
      .channel.send(otpMessage({ onAttempt: attempts.onAttempt }))
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'PROVIDER_REJECTED', provider: 'msg91', providerCode: '202' });
    expect(fakes.requestsTo('twilio')).toHaveLength(0);
    expect(attempts.summary()).toEqual([['msg91', null, 'rejected']]);
    expect(recorded).toEqual([['msg91', 'success']]);
  });

  it('never fails over after a call that may have reached its provider: a second SMS could go out', async () => {
    const { breakers, recorded } = breakersDenying();
    fakes.failNext({ provider: 'msg91', reset: true });
    const attempts = recorder();
    const error: unknown = await route({ breakers })
      .channel.send(otpMessage({ onAttempt: attempts.onAttempt }))
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', provider: 'msg91', kind: 'unknown' });
    expect(fakes.requestsTo('twilio')).toHaveLength(0);
    expect(attempts.summary()).toEqual([['msg91', null, 'unknown']]);
    expect(recorded).toEqual([['msg91', 'failure']]);
  });

  it('passes over a provider whose breaker is open, saying so in the reason', async () => {
    const { breakers } = breakersDenying('msg91');
    const attempts = recorder();
    expect(
      (await route({ breakers }).channel.send(otpMessage({ onAttempt: attempts.onAttempt }))).provider,
    ).toBe('twilio');
    expect(attempts.summary()).toEqual([['twilio', 'breaker_open', 'ok']]);
    expect(fakes.requestsTo('msg91')).toHaveLength(0);
  });

  it('answers unavailable at once when every breaker of the route is open, and the last error when all fail', async () => {
    const { breakers } = breakersDenying('msg91', 'twilio');
    const attempts = recorder();
    const paused: unknown = await route({ breakers })
      .channel.send(otpMessage({ onAttempt: attempts.onAttempt }))
      .catch((thrown: unknown) => thrown);
    expect(paused).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('circuit breaker'),
    });
    expect(fakes.requests).toHaveLength(0);
    expect(attempts.summary()).toEqual([['msg91', 'breaker_open', 'unavailable']]);
    await routed?.close();

    fakes.failNext({ provider: 'msg91', status: 503, body: {}, times: 100 });
    fakes.failNext({ provider: 'twilio', status: 400, body: twilioErrorBody(21211, 400, 'bad number') });
    const last: unknown = await route({ budgetMs: 0 })
      .channel.send(otpMessage())
      .catch((thrown: unknown) => thrown);
    expect(last).toMatchObject({ provider: 'twilio', providerCode: '21211' });
  });

  it('keeps sending when the breakers cannot be read (the store is down)', async () => {
    const broken: CircuitBreakers = {
      acquire: () => Promise.reject(new Error('store down')),
      record: () => Promise.reject(new Error('store down')),
    };
    const { channel, logs } = route({ breakers: broken });
    expect((await channel.send(otpMessage())).provider).toBe('msg91');
    expect(logs.lines.join('')).toContain('circuit breaker unreadable');
  });
});
