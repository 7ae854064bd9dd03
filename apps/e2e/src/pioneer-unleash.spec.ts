import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { createTestDatabase, type TestDatabase } from '@agent-mitra/postgres-harness';
import { startUnleash, type RunningUnleash } from '@agent-mitra/unleash-harness';
import { ROOT, startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Pioneer flags from a real Unleash: operations switch mock mode for the running otp-service and
// gateway without a restart, target one number, and an Unleash outage changes nothing for users.
const SLOW = 180_000;
const TEST_NUMBER = '+919876543210';
const OTHER_NUMBER = '+919811122233';

let unleashDatabase: TestDatabase | undefined;
let unleash: RunningUnleash;
let fakes: FakeProviders;
let apps: RunningApps;
let client: OtpServiceClient;

function providerEnv(): Record<string, string> {
  return {
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    OTP_MAX_SENDS_PER_WINDOW: '0',
    OTP_MAX_SENDS_PER_IP_PER_MINUTE: '0',
    // The checks poll the same two numbers in real mode: the abuse budgets are opened too.
    OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW: '0',
    OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: '0',
    OTP_MAX_SENDS_PER_MINUTE: '0',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    UNLEASH_URL: unleash.url,
    UNLEASH_API_TOKEN: unleash.clientToken,
    UNLEASH_REFRESH_INTERVAL_MS: '300',
  };
}

beforeAll(async () => {
  unleashDatabase = await createTestDatabase('unleash');
  // Production (one test below) wants secrets of at least 32 characters, Twilio's auth token included.
  [unleash, fakes] = await Promise.all([
    startUnleash({ databaseUrl: unleashDatabase.url }),
    createFakeProviders({ twilio: { authToken: 'fake-twilio-auth-token-0123456789abcdef' } }),
  ]);
  await unleash.admin.createFlag('mock_otp_enabled', 'mock mode');
  apps = await startApps(providerEnv(), ['otp-service', 'gateway']);
  client = new (loadOtpProto().agentmitra.otp.v1.OtpService)(
    `127.0.0.1:${apps.ports['otp-service']}`,
    credentials.createInsecure(),
  );
}, SLOW);

afterAll(async () => {
  client?.close();
  if (apps) await apps.stop();
  await fakes?.close();
  await unleash?.stop();
  await unleashDatabase?.drop();
}, SLOW);

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(100);
  }
}

async function restMock(
  port: number,
  phone: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await curl(
    port,
    'POST',
    '/api/v1/otp/send',
    JSON.stringify({ to_phone: phone, channel: 'sms' }),
    {
      'Content-Type': 'application/json',
      ...headers,
    },
  );
  if (res.status !== 200) throw new Error(`send answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { data: Record<string, unknown> }).data;
}

function grpcMock(phone: string): Promise<boolean> {
  return new Promise((done, fail) =>
    client.SendOtp(
      { to_phone: phone, channel: 'CHANNEL_SMS' },
      new Metadata(),
      (e: ServiceError | null, r?: pb.SendOtpResponse__Output) => (e || !r ? fail(e) : done(r.mock)),
    ),
  );
}

const gateway = () => apps.ports['gateway'] ?? 0;
const mockEverywhere = async (phone: string) =>
  (await restMock(gateway(), phone))['mock'] === true && (await grpcMock(phone));
const realEverywhere = async (phone: string) =>
  (await restMock(gateway(), phone))['mock'] === false && !(await grpcMock(phone));

/**
 * Replaces the flag's strategy: everyone, or only `userIds`. Off first: Unleash gives an enabled flag
 * whose last strategy is removed a default (everyone) strategy.
 */
async function retarget(userIds?: string[]): Promise<void> {
  await unleash.admin.disable('mock_otp_enabled');
  await unleash.admin.removeStrategies('mock_otp_enabled');
  await unleash.admin.addStrategy('mock_otp_enabled', userIds ? { userIds } : {});
  await unleash.admin.enable('mock_otp_enabled');
}

describe('Pioneer flags served by a real Unleash', () => {
  it(
    'switches mock mode at run time, globally and per test number, without a restart',
    async () => {
      await eventually(async () => {
        const ready = JSON.parse((await curl(gateway(), 'GET', '/readyz')).body) as {
          checks: { flags: { source: string; synced: boolean } };
        };
        return ready.checks.flags.source === 'unleash' && ready.checks.flags.synced;
      }, 'the gateway synced with Unleash');
      // Unleash says off: the environment's development default (on) was only the fallback.
      await eventually(() => realEverywhere(TEST_NUMBER), 'real mode while the flag is off');
      expect(fakes.messages.some((m) => m.to === TEST_NUMBER)).toBe(true);

      await unleash.admin.enable('mock_otp_enabled');
      await eventually(() => mockEverywhere(OTHER_NUMBER), 'mock mode for everyone, no restart');

      await retarget([TEST_NUMBER]);
      await eventually(
        async () => (await mockEverywhere(TEST_NUMBER)) && (await realEverywhere(OTHER_NUMBER)),
        'only the test number mocked',
      );

      const metrics = (await curl(gateway(), 'GET', '/metrics')).body;
      expect(metrics).toMatch(/pioneer_flag_source\{source="unleash",app="gateway"\} 1/);
    },
    SLOW,
  );

  it(
    'in production applies Unleash mock mode only to OTP_TEST_NUMBERS and never returns the code',
    async () => {
      await retarget();
      await eventually(() => mockEverywhere(OTHER_NUMBER), 'mock mode on for everyone');
      const production = await startApps(
        {
          ...providerEnv(),
          NODE_ENV: 'production',
          OTP_HASH_SECRET: 'h'.repeat(40),
          OTP_TOKEN_SECRET: 't'.repeat(40),
          GATEWAY_API_KEYS: 'backend-key-0123456789abcdef0123456789',
          GRPC_AUTH_TOKENS: 'service-token-0123456789abcdef012345678',
          // Production refuses limits turned off: generous ones instead.
          OTP_RESEND_COOLDOWN_SECONDS: '1',
          OTP_MAX_SENDS_PER_WINDOW: '100000',
          OTP_MAX_SENDS_PER_IP_PER_MINUTE: '100000',
          OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW: '100000',
          OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: '100000',
          OTP_MAX_SENDS_PER_MINUTE: '100000',
          OTP_TEST_NUMBERS: TEST_NUMBER,
        },
        ['gateway'],
      );
      try {
        const port = production.ports['gateway'] ?? 0;
        await eventually(
          async () => (await restMock(port, TEST_NUMBER))['mock'] === true,
          'production synced',
        );
        const reviewer = await restMock(port, TEST_NUMBER);
        expect(reviewer).toMatchObject({ mock: true, provider: 'mock' });
        expect(reviewer).not.toHaveProperty('otp_sent');
        expect(JSON.stringify(reviewer)).not.toContain('123456');
        const user = await restMock(port, OTHER_NUMBER);
        expect(user).toMatchObject({ mock: false, provider: 'twilio' });
      } finally {
        await production.stop();
      }
      await retarget([TEST_NUMBER]);
      await eventually(
        async () => (await mockEverywhere(TEST_NUMBER)) && (await realEverywhere(OTHER_NUMBER)),
        'targeting back',
      );
    },
    SLOW,
  );

  it(
    'keeps serving the last values through an Unleash outage, and says so once',
    async () => {
      await unleash.stop();
      await eventually(async () => {
        const ready = await curl(gateway(), 'GET', '/readyz');
        return ready.status === 200 && ready.body.includes('unreachable');
      }, 'the outage is reported, readiness kept');
      expect(await mockEverywhere(TEST_NUMBER)).toBe(true);
      expect(await realEverywhere(OTHER_NUMBER)).toBe(true);
      const outageLogs = apps.lines.filter(
        (line) => line.includes('"name":"gateway"') && line.includes('Unleash unreachable'),
      );
      expect(outageLogs).toHaveLength(1);
    },
    SLOW,
  );
});

describe('production guard', () => {
  it('refuses to start with PIONEER_FLAG_MOCK_OTP_ENABLED=true, naming the variable', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'tools/scripts/start.mjs'), 'gateway'], {
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        PIONEER_FLAG_MOCK_OTP_ENABLED: 'true',
        OTP_HASH_SECRET: 'h'.repeat(40),
        OTP_TOKEN_SECRET: 't'.repeat(40),
        GATEWAY_API_KEYS: 'k',
        GRPC_AUTH_TOKENS: 't',
        GATEWAY_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).not.toBe(0);
    expect(stderr).toContain('PIONEER_FLAG_MOCK_OTP_ENABLED');
  });
});
