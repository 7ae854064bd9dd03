import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FLAG_NAMES,
  UnleashFlags,
  type FeatureToggle,
  type FlagStatus,
  type UnleashFlagsOptions,
} from '../index';
import { startStubUnleash, type StubUnleash } from '../testing/stub-unleash';

const TEST_NUMBER = '+919876543210';
const OTHER_NUMBER = '+14155550100';
const TOKEN = 'default:development.secret-client-token';

interface Line {
  readonly level: string;
  readonly message: string;
  readonly details: object;
}

function recordingLogger() {
  const lines: Line[] = [];
  const at = (level: string) => (details: object, message: string) =>
    void lines.push({ level, message, details });
  return { lines, logger: { info: at('info'), warn: at('warn'), debug: at('debug') } };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(10);
  }
}

type Strategy = NonNullable<FeatureToggle['strategies']>[number];

function toggle(name: string, strategies: Strategy[], enabled = true): FeatureToggle {
  return { name, enabled, strategies, type: 'release', project: 'default', stale: false } as FeatureToggle;
}

function onlyFor(contextName: string, values: string[]): Strategy {
  return {
    name: 'flexibleRollout',
    parameters: { rollout: '100', stickiness: 'default', groupId: 'g' },
    constraints: [{ contextName, operator: 'IN', values, inverted: false, caseInsensitive: false }],
  } as Strategy;
}

const opened: UnleashFlags[] = [];
const stubs: StubUnleash[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((flags) => flags.close()));
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

/** Offline by default: nothing listens on port 1, nothing is polled, no metrics are sent. */
function makeFlags(overrides: Partial<UnleashFlagsOptions> = {}) {
  const { lines, logger } = recordingLogger();
  const statuses: FlagStatus[] = [];
  const flags = new UnleashFlags({
    url: 'http://127.0.0.1:1/api/',
    apiToken: TOKEN,
    appName: 'agent-mitra-otp-test',
    environment: 'development',
    refreshIntervalMs: 0,
    metricsIntervalMs: 0,
    fallback: { mock_otp_enabled: false, whatsapp_channel_enabled: true, sms_fallback_enabled: true },
    logger,
    onStatusChange: (status) => statuses.push(status),
    ...overrides,
  });
  opened.push(flags);
  return { flags, lines, statuses };
}

describe('UnleashFlags, bootstrapped and offline', () => {
  const bootstrap = [
    toggle(FLAG_NAMES.mockOtp, [onlyFor('userId', [TEST_NUMBER])]),
    toggle(FLAG_NAMES.smsFallback, [], false),
    toggle('by_user_with_id', [
      { name: 'userWithId', parameters: { userIds: `${OTHER_NUMBER}, ${TEST_NUMBER}` }, constraints: [] },
    ]),
    toggle('sms_only', [onlyFor('channel', ['sms'])]),
    toggle('login_only', [onlyFor('purpose', ['login'])]),
  ];

  it('answers the environment values until the bootstrap is loaded, then the bootstrap', async () => {
    const { flags, lines, statuses } = makeFlags({
      bootstrap,
      fallback: { mock_otp_enabled: true, sms_fallback_enabled: true },
    });
    expect(flags.isEnabled(FLAG_NAMES.mockOtp, { userId: OTHER_NUMBER })).toBe(true);
    expect(flags.status()).toMatchObject({ source: 'env', synced: false });

    await eventually(() => flags.status().source === 'bootstrap', 'bootstrap loaded');
    await eventually(
      () => !flags.isEnabled(FLAG_NAMES.mockOtp, { userId: OTHER_NUMBER }),
      'bootstrap values served',
    );
    expect(flags.isEnabled(FLAG_NAMES.smsFallback)).toBe(false);
    expect(flags.status()).toMatchObject({ source: 'bootstrap', synced: false });
    expect(flags.status().detail).toContain('waiting for the first sync');
    expect(statuses.map((status) => status.source)).toEqual(['bootstrap']);
    expect(lines.filter((line) => line.level === 'info').map((line) => line.message)).toEqual([
      'flags: bootstrap values until the first sync with Unleash',
    ]);
  });

  it('targets numbers by userId (constraint and userWithId) and requests by channel and purpose', async () => {
    const { flags } = makeFlags({ bootstrap });
    await eventually(() => flags.isEnabled(FLAG_NAMES.mockOtp, { userId: TEST_NUMBER }), 'bootstrap served');
    expect(flags.isEnabled(FLAG_NAMES.mockOtp, { userId: OTHER_NUMBER })).toBe(false);
    expect(flags.isEnabled(FLAG_NAMES.mockOtp)).toBe(false);
    expect(flags.isEnabled('by_user_with_id', { userId: TEST_NUMBER })).toBe(true);
    expect(flags.isEnabled('by_user_with_id', { userId: '+919999999999' })).toBe(false);
    expect(flags.isEnabled('sms_only', { userId: TEST_NUMBER, properties: { channel: 'sms' } })).toBe(true);
    expect(flags.isEnabled('sms_only', { userId: TEST_NUMBER, properties: { channel: 'whatsapp' } })).toBe(
      false,
    );
    expect(flags.isEnabled('login_only', { properties: { channel: 'sms', purpose: 'login' } })).toBe(true);
    expect(flags.isEnabled('login_only', { properties: { channel: 'sms', purpose: 'signup' } })).toBe(false);
  });

  it('tells who a flag is on for (the mock-mode banner): everyone, some numbers, nobody, and from where', async () => {
    const { flags } = makeFlags({
      bootstrap: [
        ...bootstrap,
        toggle('for_all', [{ name: 'flexibleRollout', parameters: { rollout: '100' }, constraints: [] }]),
        toggle('half', [{ name: 'flexibleRollout', parameters: { rollout: '50' }, constraints: [] }]),
        toggle('no_strategy', []),
      ],
      fallback: { mock_otp_enabled: true, whatsapp_channel_enabled: true },
    });
    expect(flags.exposure(FLAG_NAMES.mockOtp)).toEqual({ reach: 'everyone', source: 'env' });
    await eventually(() => flags.status().source === 'bootstrap', 'bootstrap loaded');
    expect(flags.exposure(FLAG_NAMES.mockOtp)).toEqual({ reach: 'some', source: 'bootstrap' });
    expect(flags.exposure(FLAG_NAMES.smsFallback)).toEqual({ reach: 'nobody', source: 'bootstrap' });
    expect(flags.exposure('for_all')).toEqual({ reach: 'everyone', source: 'bootstrap' });
    expect(flags.exposure('half')).toEqual({ reach: 'some', source: 'bootstrap' });
    expect(flags.exposure('no_strategy')).toEqual({ reach: 'everyone', source: 'bootstrap' });
    // Unleash does not know it: the environment answers.
    expect(flags.exposure(FLAG_NAMES.whatsappChannel)).toEqual({ reach: 'everyone', source: 'env' });
  });

  it('answers the environment value for flags Unleash does not know', async () => {
    const { flags } = makeFlags({ bootstrap });
    await eventually(() => flags.status().source === 'bootstrap', 'bootstrap loaded');
    expect(flags.isEnabled(FLAG_NAMES.whatsappChannel)).toBe(true);
    expect(flags.isEnabled('no_such_flag', { userId: TEST_NUMBER })).toBe(false);
  });

  it('never throws: a broken toggle answers the environment value and is logged once', async () => {
    const broken = toggle(FLAG_NAMES.whatsappChannel, [
      { name: 'userWithId', parameters: null, constraints: [] },
    ] as never);
    const { flags, lines } = makeFlags({ bootstrap: [...bootstrap, broken] });
    await eventually(() => flags.status().source === 'bootstrap', 'bootstrap loaded');
    await eventually(() => flags.isEnabled(FLAG_NAMES.mockOtp, { userId: TEST_NUMBER }), 'bootstrap served');
    for (let i = 0; i < 3; i += 1)
      expect(flags.isEnabled(FLAG_NAMES.whatsappChannel, { userId: TEST_NUMBER })).toBe(true);
    expect(lines.filter((line) => line.message === 'flags: unleash-client warning')).toHaveLength(1);
  });

  it('without bootstrap or sync it stays on the environment values', async () => {
    const { flags, statuses } = makeFlags();
    await sleep(20);
    expect(flags.isEnabled(FLAG_NAMES.whatsappChannel)).toBe(true);
    expect(flags.isEnabled(FLAG_NAMES.mockOtp, { userId: TEST_NUMBER })).toBe(false);
    expect(flags.status()).toMatchObject({ source: 'env', synced: false });
    expect(statuses).toEqual([]);
  });
});

describe('UnleashFlags bootstrap file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'flags-bootstrap-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the body of GET /api/client/features', async () => {
    const file = join(dir, 'bootstrap.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 2,
        features: [toggle(FLAG_NAMES.mockOtp, [onlyFor('userId', [TEST_NUMBER])])],
      }),
    );
    const { flags } = makeFlags({ bootstrapFile: file });
    await eventually(() => flags.isEnabled(FLAG_NAMES.mockOtp, { userId: TEST_NUMBER }), 'file served');
    expect(flags.status().source).toBe('bootstrap');
  });

  it('a file that is not toggles is reported once and the environment values stay', async () => {
    const file = join(dir, 'bootstrap.json');
    writeFileSync(file, JSON.stringify({ data: 'nope' }));
    const { flags, lines } = makeFlags({ bootstrapFile: file });
    await eventually(() => lines.some((line) => line.level === 'warn'), 'warning logged');
    expect(JSON.stringify(lines)).toContain('expected {\\"features\\": [...]}');
    expect(flags.status().source).toBe('env');
  });
});

describe('UnleashFlags against a stub Unleash', () => {
  async function stubbed(features: FeatureToggle[], overrides: Partial<UnleashFlagsOptions> = {}) {
    const stub = await startStubUnleash();
    stubs.push(stub);
    stub.serve(features);
    return { stub, ...makeFlags({ url: stub.url, refreshIntervalMs: 20, ...overrides }) };
  }

  it('syncs with the token, follows changes, and logs an outage and the recovery once each', async () => {
    const { stub, flags, lines, statuses } = await stubbed([toggle(FLAG_NAMES.mockOtp, [])]);
    await eventually(() => flags.isEnabled(FLAG_NAMES.mockOtp), 'first sync');
    expect(flags.status()).toMatchObject({ source: 'unleash', synced: true });
    expect(stub.authorizations[0]).toBe(TOKEN);

    stub.serve([toggle(FLAG_NAMES.mockOtp, [], false)]);
    await eventually(() => !flags.isEnabled(FLAG_NAMES.mockOtp), 'change followed');

    stub.fail(404);
    await eventually(() => flags.status().detail.includes('unreachable'), 'outage seen');
    const failedSoFar = stub.authorizations.length;
    await eventually(() => stub.authorizations.length >= failedSoFar + 2, 'more failed polls');
    expect(flags.isEnabled(FLAG_NAMES.mockOtp)).toBe(false);
    expect(flags.status()).toMatchObject({ source: 'unleash', synced: true });

    stub.serve([toggle(FLAG_NAMES.mockOtp, [])]);
    await eventually(() => flags.isEnabled(FLAG_NAMES.mockOtp), 'recovered');
    const told = lines.filter((line) => line.level !== 'debug').map((line) => line.message);
    expect(told).toEqual([
      'flags: synchronized with Unleash',
      'flags: Unleash unreachable, serving the values of the last sync',
      'flags: Unleash reachable again',
    ]);
    expect(statuses.map((status) => [status.source, status.detail.includes('unreachable')])).toEqual([
      ['unleash', false],
      ['unleash', true],
      ['unleash', false],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-client-token');
  });

  it('close() waits for a fetch under way, then stops polling', async () => {
    const stub = await startStubUnleash();
    stubs.push(stub);
    const answer = stub.holdNext();
    const { flags } = makeFlags({ url: stub.url, refreshIntervalMs: 20 });
    const release = await answer;
    let closed = false;
    const closing = flags.close().then(() => (closed = true));
    await sleep(20);
    expect(closed).toBe(false);
    release(401);
    await closing;
    const polls = stub.authorizations.length;
    await sleep(60);
    expect(stub.authorizations.length).toBe(polls);
    await flags.close();
  });

  it('close() that gives up waiting survives the late end of that fetch', async () => {
    const stub = await startStubUnleash();
    stubs.push(stub);
    const { flags, lines } = makeFlags({ url: stub.url, refreshIntervalMs: 20, closeTimeoutMs: 1 });
    await eventually(() => flags.status().synced, 'first sync');
    const release = await stub.holdNext();
    await flags.close();
    release(401);
    await eventually(
      () => lines.some((line) => line.message === 'flags: a fetch failed after close'),
      'late error kept',
    );
    expect(
      lines.some((line) => line.message === 'flags: closed while a fetch from Unleash was still running'),
    ).toBe(true);
  });
});
