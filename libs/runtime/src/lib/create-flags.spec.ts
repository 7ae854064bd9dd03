import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@agent-mitra/config';
import { createLogger, createMetrics, type Metrics } from '@agent-mitra/observability';
import { createFlags } from '../index';

async function gauge(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.flagSource.get();
  return Object.fromEntries(values.map((value) => [String(value.labels.source), value.value]));
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('never happened');
    await sleep(10);
  }
}

describe('createFlags', () => {
  const logger = createLogger({ name: 'test', level: 'silent' });
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'create-flags-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the environment alone when no Unleash is configured', async () => {
    const metrics = createMetrics('test');
    const flags = createFlags(
      loadConfig({ NODE_ENV: 'test', PIONEER_FLAG_MOCK_OTP_ENABLED: 'true' }),
      logger,
      metrics,
    );
    expect(flags.status().source).toBe('env');
    expect(flags.isEnabled('mock_otp_enabled')).toBe(true);
    expect(await gauge(metrics)).toEqual({ unleash: 0, bootstrap: 0, env: 1 });
    await flags.close();
  });

  it('uses Unleash when UNLEASH_URL is set, and the gauge follows its source', async () => {
    const bootstrap = join(dir, 'bootstrap.json');
    writeFileSync(
      bootstrap,
      JSON.stringify({ features: [{ name: 'mock_otp_enabled', enabled: false, strategies: [] }] }),
    );
    const metrics = createMetrics('test');
    const config = loadConfig({
      NODE_ENV: 'test',
      PIONEER_FLAG_MOCK_OTP_ENABLED: 'true',
      UNLEASH_URL: 'http://127.0.0.1:1/api/',
      UNLEASH_API_TOKEN: 'default:development.token',
      UNLEASH_REFRESH_INTERVAL_MS: '0',
      UNLEASH_BOOTSTRAP_FILE: bootstrap,
    });
    const flags = createFlags(config, logger, metrics);
    expect(flags.isEnabled('mock_otp_enabled')).toBe(true);
    expect(await gauge(metrics)).toEqual({ unleash: 0, bootstrap: 0, env: 1 });
    await eventually(async () => (await gauge(metrics))['bootstrap'] === 1);
    expect(await gauge(metrics)).toEqual({ unleash: 0, bootstrap: 1, env: 0 });
    await eventually(async () => !flags.isEnabled('mock_otp_enabled'));
    await flags.close();
  });
});
