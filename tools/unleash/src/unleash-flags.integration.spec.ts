// UnleashFlags (libs/pioneer) against a real Unleash started by this tool's harness.
import { setTimeout as sleep } from 'node:timers/promises';
import { FLAG_NAMES, UnleashFlags } from '@agent-mitra/pioneer';
import { startUnleash, type RunningUnleash } from './index';

const SLOW = 120_000;
const TEST_NUMBER = '+919876543210';
const OTHER_NUMBER = '+14155550100';
const FLAG = FLAG_NAMES.mockOtp;

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(50);
  }
}

function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('UnleashFlags against a real Unleash', () => {
  let unleash: RunningUnleash | undefined;
  let flags: UnleashFlags | undefined;
  const lines: { level: string; message: string }[] = [];
  const logger = {
    info: (_details: object, message: string) => void lines.push({ level: 'info', message }),
    warn: (_details: object, message: string) => void lines.push({ level: 'warn', message }),
    debug: (_details: object, message: string) => void lines.push({ level: 'debug', message }),
  };

  beforeAll(async () => {
    unleash = await startUnleash();
  }, SLOW);

  afterAll(async () => {
    await flags?.close();
    await unleash?.stop();
  }, SLOW);

  it('seeds the tokens and creates flags through the Admin API', async () => {
    const running = unleash as RunningUnleash;
    await running.admin.createFlag(FLAG, 'mock mode');
    await running.admin.createFlag(FLAG); // again: not an error
    expect(await running.admin.listFlags()).toContain(FLAG);
    const features = await fetch(new URL('client/features', running.url), {
      headers: { authorization: running.clientToken },
    });
    expect(features.status).toBe(200);
    expect(JSON.stringify(await features.json())).toContain(FLAG);
  });

  it(
    'follows toggles and targeting without restart, then keeps the last values when Unleash stops',
    async () => {
      const running = unleash as RunningUnleash;
      const { admin } = running;
      flags = new UnleashFlags({
        url: running.url,
        apiToken: running.clientToken,
        appName: 'agent-mitra-otp-test',
        environment: 'development',
        refreshIntervalMs: 300,
        metricsIntervalMs: 1_000,
        fallback: { [FLAG]: true },
        logger,
      });
      const live = flags;
      const on = (userId: string, channel = 'sms') =>
        live.isEnabled(FLAG, { userId, properties: { channel, purpose: 'login' } });

      await eventually(() => live.status().synced, 'first sync');
      expect(live.status().source).toBe('unleash');
      expect(on(TEST_NUMBER)).toBe(false); // Unleash says off: the environment's `true` is only a fallback

      await admin.enable(FLAG);
      await eventually(() => on(OTHER_NUMBER), 'enabled for everyone');
      await admin.disable(FLAG);
      await eventually(() => !on(OTHER_NUMBER), 'disabled again');

      await admin.removeStrategies(FLAG);
      await admin.addStrategy(FLAG, { userIds: [TEST_NUMBER] });
      await admin.enable(FLAG);
      // A constraint on a property, on another flag. (Unleash 8 no longer has the userWithId strategy.)
      await admin.createFlag(FLAG_NAMES.whatsappChannel);
      await admin.addStrategy(FLAG_NAMES.whatsappChannel, {
        constraints: [{ contextName: 'channel', operator: 'IN', values: ['whatsapp'] }],
      });
      await admin.enable(FLAG_NAMES.whatsappChannel);
      const channelOn = (channel: string) =>
        live.isEnabled(FLAG_NAMES.whatsappChannel, { properties: { channel } });
      await eventually(() => on(TEST_NUMBER) && channelOn('whatsapp'), 'targeting served');
      expect(on(OTHER_NUMBER)).toBe(false);
      expect(on(TEST_NUMBER, 'whatsapp')).toBe(true);
      expect(channelOn('sms')).toBe(false);

      await running.stop();
      expect(isAlive(running.pids.unleash) || isAlive(running.pids.postgres)).toBe(false);
      await eventually(() => live.status().detail.includes('unreachable'), 'outage seen');
      await eventually(
        () => lines.filter((line) => line.message === 'flags: Unleash still unreachable').length >= 1,
        'another failed poll',
      );
      expect(on(TEST_NUMBER)).toBe(true);
      expect(on(OTHER_NUMBER)).toBe(false);
      expect(live.status()).toMatchObject({ source: 'unleash', synced: true });
      expect(lines.filter((line) => line.message.startsWith('flags: Unleash unreachable'))).toHaveLength(1);
      expect(lines.filter((line) => line.message === 'flags: synchronized with Unleash')).toHaveLength(1);

      await live.close();
      expect(on(TEST_NUMBER)).toBe(true); // still answers (last values) after close, and never throws
    },
    SLOW,
  );
});
