import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, readDotEnvFile } from '../index';

const PROD_BASE = {
  NODE_ENV: 'production',
  OTP_HASH_SECRET: 'h'.repeat(40),
  OTP_TOKEN_SECRET: 't'.repeat(40),
  GATEWAY_API_KEYS: 'key-one',
  GRPC_AUTH_TOKENS: 'token-one',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('runs with nothing set: development defaults, mock mode on', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.ports).toEqual({ gateway: 8015, grpc: 50051, webhooks: 8016 });
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBe('sqlite:./data/otp.sqlite');
    expect(config.retention).toEqual({ deliveryDays: 30 });
    expect(config.otp).toMatchObject({
      ttlSeconds: 300,
      length: 6,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      maxSendsPerWindow: 5,
      sendWindowSeconds: 600,
    });
    expect(config.flags['mock_otp_enabled']).toBe(true);
    expect(config.whatsapp.apiUrl).toBe('https://graph.facebook.com/v18.0');
    expect(config.unleash.refreshIntervalMs).toBe(15000);
    expect(config.unleash.appName).toBe('agent-mitra-otp');
  });

  it('takes a postgres URL and a delivery retention in days', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://otp:secret@db.internal:5432/otp?sslmode=verify-full&pool_max=20',
      DELIVERY_RETENTION_DAYS: '7',
    });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.retention.deliveryDays).toBe(7);
    expect(problemsOf({ DELIVERY_RETENTION_DAYS: '0' }).join('\n')).toContain('DELIVERY_RETENTION_DAYS');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.otp)).toBe(true);
    expect(Object.isFrozen(config.otp.testNumbers)).toBe(true);
  });

  it('accepts small values and 0 where they mean "off"', () => {
    const config = loadConfig({
      OTP_TTL_SECONDS: '3',
      OTP_RESEND_COOLDOWN_SECONDS: '0',
      UNLEASH_REFRESH_INTERVAL_MS: '500',
      OTP_MAX_SENDS_PER_WINDOW: '100000000',
      OTP_MAX_SENDS_PER_IP_PER_MINUTE: '0',
      GATEWAY_PORT: '0',
    });
    expect(config.otp.ttlSeconds).toBe(3);
    expect(config.otp.resendCooldownSeconds).toBe(0);
    expect(config.otp.maxSendsPerWindow).toBe(100000000);
    expect(config.otp.maxSendsPerIpPerMinute).toBe(0);
    expect(config.unleash.refreshIntervalMs).toBe(500);
    expect(config.ports.gateway).toBe(0);
  });

  it('reports every wrong variable at once, by name', () => {
    const problems = problemsOf({
      OTP_LENGTH: 'six',
      GATEWAY_PORT: '70000',
      DATABASE_URL: 'mysql://x',
      PIONEER_FLAG_MOCK_OTP_ENABLED: 'maybe',
      OTP_TEST_NUMBERS: '+919876543210,12345',
    });
    const joined = problems.join('\n');
    for (const name of [
      'OTP_LENGTH',
      'GATEWAY_PORT',
      'DATABASE_URL',
      'PIONEER_FLAG_MOCK_OTP_ENABLED',
      'OTP_TEST_NUMBERS',
    ]) {
      expect(joined).toContain(name);
    }
    expect(problems).toHaveLength(5);
  });

  it('reads Pioneer flags from PIONEER_FLAG_<NAME>', () => {
    const config = loadConfig({
      PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
      PIONEER_FLAG_WHATSAPP_CHANNEL_ENABLED: 'off',
    });
    expect(config.flags['mock_otp_enabled']).toBe(false);
    expect(config.flags['whatsapp_channel_enabled']).toBe(false);
    expect(config.flags['sms_fallback_enabled']).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ OTP_LENGTH: '', TWILIO_ACCOUNT_SID: '' }).otp.length).toBe(6);
  });

  describe('in production', () => {
    it('starts with real secrets and keeps mock mode off by default', () => {
      const config = loadConfig(PROD_BASE);
      expect(config.isProduction).toBe(true);
      expect(config.flags['mock_otp_enabled']).toBe(false);
    });

    it('refuses missing secrets and keys, naming each', () => {
      const problems = problemsOf({ NODE_ENV: 'production' }).join('\n');
      for (const name of ['OTP_HASH_SECRET', 'OTP_TOKEN_SECRET', 'GATEWAY_API_KEYS', 'GRPC_AUTH_TOKENS']) {
        expect(problems).toContain(name);
      }
    });

    it('refuses mock mode from the environment', () => {
      const problems = problemsOf({ ...PROD_BASE, PIONEER_FLAG_MOCK_OTP_ENABLED: 'true' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('PIONEER_FLAG_MOCK_OTP_ENABLED');
      expect(
        loadConfig({ ...PROD_BASE, PIONEER_FLAG_MOCK_OTP_ENABLED: 'false' }).flags['mock_otp_enabled'],
      ).toBe(false);
    });

    it('requires the webhook secrets of a configured provider', () => {
      const problems = problemsOf({
        ...PROD_BASE,
        WHATSAPP_ACCESS_TOKEN: 'EAAB',
        WHATSAPP_PHONE_NUMBER_ID: '1',
      });
      expect(problems.join('\n')).toContain('WHATSAPP_WEBHOOK_SECRET');
      expect(problems.join('\n')).toContain('WHATSAPP_VERIFY_TOKEN');
    });
  });
});

describe('readDotEnvFile', () => {
  it('reads a .env file when present and nothing otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otp-config-'));
    expect(readDotEnvFile(join(dir, '.env'))).toEqual({});
    writeFileSync(join(dir, '.env'), 'OTP_LENGTH=8\n# comment\nHOST="0.0.0.0"\n');
    const env = readDotEnvFile(join(dir, '.env'));
    expect(loadConfig(env).otp.length).toBe(8);
    expect(loadConfig(env).host).toBe('0.0.0.0');
  });
});
