import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  configWarnings,
  DEFAULT_PRICE_TABLE,
  DEV_DEFAULT_SECRETS,
  isLoopbackHost,
  loadConfig,
  readDotEnvFile,
} from '../index';

const DEV = { NODE_ENV: 'development' };
const PROD_BASE = {
  NODE_ENV: 'production',
  OTP_HASH_SECRET: 'h'.repeat(40),
  OTP_TOKEN_SECRET: 't'.repeat(40),
  GATEWAY_API_KEYS: 'gateway-key-0123456789abcdef0123456789',
  GRPC_AUTH_TOKENS: 'grpc-token-0123456789abcdef01234567890',
};

function problemsOf(env: Record<string, string>, options = {}): string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('runs with nothing but NODE_ENV=development set: development defaults, mock mode on', () => {
    const config = loadConfig(DEV);
    expect(config.nodeEnv).toBe('development');
    expect(config.trustProxy).toBe(false);
    expect(config.grpc).toEqual({ tls: null, allowInsecure: false });
    expect(config.otp.tokenPrivateKeyPem).toBeUndefined();
    expect(config.ports).toEqual({ gateway: 8015, grpc: 50051, grpcOps: 8018, webhooks: 8016 });
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBe('sqlite:./data/otp.sqlite');
    expect(config.retention).toEqual({ deliveryDays: 30, auditDays: 90 });
    expect(config.otp).toMatchObject({
      ttlSeconds: 300,
      length: 6,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      maxSendsPerWindow: 5,
      sendWindowSeconds: 600,
      fallbackAfterSeconds: 20,
      allowedCountries: ['IN'],
      maxSendsPerMinute: 600,
      maxSendsPerPrefixPerHour: 20,
      maxSendsPerIpAndPhonePerWindow: 3,
      maxVerifyFailuresPerIpPerHour: 100,
      maxVerifyFailuresPerPhonePerDay: 20,
    });
    expect(loadConfig({ ...DEV, OTP_FALLBACK_AFTER_SECONDS: '0' }).otp.fallbackAfterSeconds).toBe(0);
    expect(problemsOf({ OTP_FALLBACK_AFTER_SECONDS: '-1' }).join('\n')).toContain(
      'OTP_FALLBACK_AFTER_SECONDS',
    );
    expect(config.flags['mock_otp_enabled']).toBe(true);
    expect(config.whatsapp.apiUrl).toBe('https://graph.facebook.com/v18.0');
    expect(config.unleash.refreshIntervalMs).toBe(15000);
    expect(config.unleash.appName).toBe('agent-mitra-otp');
  });

  it('takes a postgres URL and a delivery retention in days', () => {
    const config = loadConfig({
      ...DEV,
      DATABASE_URL: 'postgres://otp:secret@db.internal:5432/otp?sslmode=verify-full&pool_max=20',
      DELIVERY_RETENTION_DAYS: '7',
    });
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.retention.deliveryDays).toBe(7);
    expect(problemsOf({ DELIVERY_RETENTION_DAYS: '0' }).join('\n')).toContain('DELIVERY_RETENTION_DAYS');
  });

  it('returns a frozen object', () => {
    const config = loadConfig(DEV);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.otp)).toBe(true);
    expect(Object.isFrozen(config.otp.testNumbers)).toBe(true);
  });

  it('accepts small values and 0 where they mean "off"', () => {
    const config = loadConfig({
      ...DEV,
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

  it('reads destination countries as ISO codes or *, and refuses codes libphonenumber does not know', () => {
    expect(loadConfig({ ...DEV, OTP_ALLOWED_COUNTRIES: ' in, ae ,IN' }).otp.allowedCountries).toEqual([
      'IN',
      'AE',
    ]);
    expect(loadConfig({ ...DEV, OTP_ALLOWED_COUNTRIES: '*' }).otp.allowedCountries).toBe('*');
    expect(problemsOf({ ...DEV, OTP_ALLOWED_COUNTRIES: 'IN,UK' })).toEqual([
      expect.stringMatching(/^OTP_ALLOWED_COUNTRIES: .*not: UK/),
    ]);
    expect(problemsOf({ ...DEV, OTP_ALLOWED_COUNTRIES: 'IN,*' })).toEqual([
      expect.stringContaining('OTP_ALLOWED_COUNTRIES'),
    ]);
    expect(loadConfig({ ...DEV, AUDIT_RETENTION_DAYS: '7' }).retention.auditDays).toBe(7);
  });

  it('reports every wrong variable at once, by name', () => {
    const problems = problemsOf({
      ...DEV,
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
      ...DEV,
      PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
      PIONEER_FLAG_WHATSAPP_CHANNEL_ENABLED: 'off',
    });
    expect(config.flags['mock_otp_enabled']).toBe(false);
    expect(config.flags['whatsapp_channel_enabled']).toBe(false);
    expect(config.flags['sms_fallback_enabled']).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ ...DEV, OTP_LENGTH: '', TWILIO_ACCOUNT_SID: '' }).otp.length).toBe(6);
  });

  describe('modes fail closed', () => {
    it.each([[undefined], [''], ['prod'], ['staging'], ['production'], ['Development']])(
      'NODE_ENV=%p gets the production rules',
      (value) => {
        const env: Record<string, string> = { ...PROD_BASE };
        if (value === undefined) delete env['NODE_ENV'];
        else env['NODE_ENV'] = value;
        const config = loadConfig(env);
        expect(config).toMatchObject({ nodeEnv: 'production', isProduction: true });
        expect(config.flags['mock_otp_enabled']).toBe(false);
      },
    );

    it('with nothing set, refuses to start and names every missing secret', () => {
      const problems = problemsOf({}).join('\n');
      for (const name of ['OTP_HASH_SECRET', 'OTP_TOKEN_SECRET', 'GATEWAY_API_KEYS', 'GRPC_AUTH_TOKENS']) {
        expect(problems).toContain(name);
      }
    });

    it('gives test its own mode with the development defaults', () => {
      expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ nodeEnv: 'test', isProduction: false });
    });
  });

  describe('in production', () => {
    it('starts with real secrets and keeps mock mode off by default', () => {
      const config = loadConfig(PROD_BASE);
      expect(config.isProduction).toBe(true);
      expect(config.flags['mock_otp_enabled']).toBe(false);
    });

    it('refuses mock mode from the environment', () => {
      const problems = problemsOf({ ...PROD_BASE, PIONEER_FLAG_MOCK_OTP_ENABLED: 'true' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('PIONEER_FLAG_MOCK_OTP_ENABLED');
      expect(
        loadConfig({ ...PROD_BASE, PIONEER_FLAG_MOCK_OTP_ENABLED: 'false' }).flags['mock_otp_enabled'],
      ).toBe(false);
    });

    it.each([
      ['OTP_HASH_SECRET', DEV_DEFAULT_SECRETS.OTP_HASH_SECRET],
      ['OTP_TOKEN_SECRET', DEV_DEFAULT_SECRETS.OTP_TOKEN_SECRET],
      ['OTP_HASH_SECRET', 'x'.repeat(31)],
      ['OTP_TOKEN_SECRET', 'x'.repeat(31)],
      ['GATEWAY_API_KEYS', `${'k'.repeat(40)},short`],
      ['GRPC_AUTH_TOKENS', 'short-token'],
      ['ADMIN_API_KEYS', 'admin'],
      ['TWILIO_AUTH_TOKEN', DEV_DEFAULT_SECRETS.TWILIO_AUTH_TOKEN],
      ['TWILIO_AUTH_TOKEN', 'abc123'],
      ['WHATSAPP_WEBHOOK_SECRET', DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET],
      ['WHATSAPP_VERIFY_TOKEN', 'verify'],
      ['OTP_LENGTH', '4'],
      ['OTP_MAX_ATTEMPTS', '11'],
      ['OTP_TTL_SECONDS', '901'],
      ['OTP_MAX_SENDS_PER_WINDOW', '0'],
      ['OTP_MAX_SENDS_PER_IP_PER_MINUTE', '0'],
      ['OTP_RESEND_COOLDOWN_SECONDS', '0'],
      ['OTP_MAX_SENDS_PER_MINUTE', '0'],
      ['OTP_MAX_SENDS_PER_PREFIX_PER_HOUR', '0'],
      ['OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW', '0'],
      ['OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR', '0'],
      ['OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY', '0'],
      ['TRUST_PROXY', 'true'],
      ['TRUST_PROXY', '6'],
      ['TRUST_PROXY', '0.0.0.0/1,128.0.0.0/1'],
      ['TRUST_PROXY', '10.0.0.0/7'],
      ['TRUST_PROXY', '2000::/3'],
      ['TRUST_PROXY', '::ffff:0:0/96'],
      // The same range spelt otherwise, and ranges that contain it, trust every IPv4 client too.
      ['TRUST_PROXY', '0:0:0:0:0:ffff:0:0/96'],
      ['TRUST_PROXY', '0::ffff:0.0.0.0/96'],
      ['TRUST_PROXY', '::ffff:0:0/80'],
      ['TRUST_PROXY', '::/64'],
      ['OTP_TOKEN_SECRET', PROD_BASE.OTP_HASH_SECRET],
      ['GATEWAY_API_KEYS', PROD_BASE.OTP_TOKEN_SECRET],
      ['GRPC_AUTH_TOKENS', PROD_BASE.OTP_HASH_SECRET],
      ['ADMIN_API_KEYS', PROD_BASE.OTP_TOKEN_SECRET],
      ['ADMIN_API_KEYS', PROD_BASE.GATEWAY_API_KEYS],
      ['ADMIN_API_KEYS', `${'a'.repeat(32)},${PROD_BASE.GRPC_AUTH_TOKENS}`],
    ])('refuses %s=%s, naming it', (name, value) => {
      const problems = problemsOf({ ...PROD_BASE, [name]: value });
      expect(problems).toEqual([expect.stringContaining(`${name}:`)]);
      expect(problems.join('')).not.toContain(value.length > 8 ? value : '\u0000');
    });

    it('accepts the limits of DESIGN §6 at their edges', () => {
      expect(() =>
        loadConfig({
          ...PROD_BASE,
          OTP_LENGTH: '6',
          OTP_MAX_ATTEMPTS: '10',
          OTP_TTL_SECONDS: '900',
          TRUST_PROXY: '1',
          ADMIN_API_KEYS: 'a'.repeat(32),
        }),
      ).not.toThrow();
    });

    it('accepts proxy trust up to 5 hops or CIDRs as broad as IPv4 /8 and IPv6 /16', () => {
      for (const trust of [
        '5',
        '10.0.0.0/8,172.16.0.0/12',
        '2001:db8::/16',
        '::ffff:10.0.0.0/104',
        'loopback',
      ]) {
        expect(loadConfig({ ...PROD_BASE, TRUST_PROXY: trust }).isProduction).toBe(true);
      }
    });

    it('warns (without refusing) about any destination country and limits set off in effect', () => {
      const lenient = loadConfig({
        ...PROD_BASE,
        OTP_ALLOWED_COUNTRIES: '*',
        OTP_MAX_SENDS_PER_MINUTE: '6001',
        OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY: '201',
      });
      expect(configWarnings(lenient).map((w) => w.setting)).toEqual([
        'OTP_ALLOWED_COUNTRIES',
        'OTP_MAX_SENDS_PER_MINUTE',
        'OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY',
      ]);
      expect(configWarnings(loadConfig({ ...PROD_BASE, OTP_MAX_SENDS_PER_MINUTE: '6000' }))).toEqual([]);
      expect(configWarnings(loadConfig({ ...DEV, OTP_ALLOWED_COUNTRIES: '*' }))).toEqual([]);
    });

    it('warns in any mode when MSG91 is configured but no SMS route names it', () => {
      const msg91 = { MSG91_AUTH_KEY: 'msg91-auth-key', MSG91_TEMPLATE_ID: '65f1c0ffee0123456789abcd' };
      expect(configWarnings(loadConfig({ ...DEV, ...msg91 })).map((w) => w.setting)).toEqual(['SMS_ROUTES']);
      expect(
        configWarnings(loadConfig({ ...DEV, ...msg91, SMS_ROUTES: 'IN:msg91>twilio,*:twilio' })),
      ).toEqual([]);
      expect(configWarnings(loadConfig(DEV))).toEqual([]);
    });

    it('names every offending variable in one message', () => {
      const problems = problemsOf({
        NODE_ENV: 'staging',
        OTP_HASH_SECRET: 'short',
        OTP_LENGTH: '4',
        TRUST_PROXY: 'true',
        PIONEER_FLAG_MOCK_OTP_ENABLED: 'true',
      }).join('\n');
      for (const name of [
        'OTP_HASH_SECRET',
        'OTP_TOKEN_SECRET',
        'GATEWAY_API_KEYS',
        'GRPC_AUTH_TOKENS',
        'OTP_LENGTH',
        'TRUST_PROXY',
        'PIONEER_FLAG_MOCK_OTP_ENABLED',
      ]) {
        expect(problems).toContain(`${name}:`);
      }
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

    it('refuses cleartext gRPC on a non-loopback HOST unless GRPC_ALLOW_INSECURE=true or TLS is set', () => {
      expect(problemsOf({ ...PROD_BASE, HOST: '0.0.0.0' })).toEqual([expect.stringContaining('HOST:')]);
      expect(
        loadConfig({ ...PROD_BASE, HOST: '0.0.0.0', GRPC_ALLOW_INSECURE: 'true' }).grpc.allowInsecure,
      ).toBe(true);
      expect(loadConfig({ ...PROD_BASE, HOST: '0.0.0.0' }, { servesGrpc: false }).host).toBe('0.0.0.0');
      expect(loadConfig({ ...PROD_BASE, HOST: '127.0.0.2' }).host).toBe('127.0.0.2');
    });

    it('does not ask for OTP_TOKEN_SECRET when tokens are signed with ES256', () => {
      const dir = mkdtempSync(join(tmpdir(), 'otp-config-'));
      const file = join(dir, 'token.pem');
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const env: Record<string, string> = { ...PROD_BASE, OTP_TOKEN_PRIVATE_KEY_FILE: file };
      delete env['OTP_TOKEN_SECRET'];
      expect(loadConfig(env).otp.tokenPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
    });

    it('reads retired token keys (public halves only), and refuses them without a current ES256 key', () => {
      const dir = mkdtempSync(join(tmpdir(), 'otp-config-'));
      const current = join(dir, 'token.pem');
      const retired = join(dir, 'old.pem');
      for (const file of [current, retired]) {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      }
      const env = {
        ...PROD_BASE,
        OTP_TOKEN_PRIVATE_KEY_FILE: current,
        OTP_TOKEN_RETIRED_KEY_FILES: ` ${retired} ,`,
      };
      const pems = loadConfig(env).otp.tokenRetiredPublicKeyPems;
      expect(pems).toHaveLength(1);
      expect(pems[0]).toContain('BEGIN PUBLIC KEY');
      expect(pems[0]).not.toContain('PRIVATE');
      expect(() => loadConfig({ ...PROD_BASE, OTP_TOKEN_RETIRED_KEY_FILES: retired })).toThrow(
        /OTP_TOKEN_RETIRED_KEY_FILES: only with OTP_TOKEN_PRIVATE_KEY_FILE/,
      );
      const rsa = join(dir, 'rsa.pem');
      writeFileSync(
        rsa,
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }),
      );
      expect(() => loadConfig({ ...env, OTP_TOKEN_RETIRED_KEY_FILES: rsa })).toThrow(/must be P-256/);
    });
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['1', 1],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    [
      'loopback, 10.0.0.0/8,2001:db8::/32,192.0.2.7',
      ['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.7'],
    ],
    ['true', true],
  ])('reads %p', (value, expected) => {
    expect(loadConfig({ ...DEV, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['yes', '10.0.0.0/33', 'example.com', '1.2.3', '-1'])('refuses %p', (value) => {
    expect(problemsOf({ ...DEV, TRUST_PROXY: value })).toEqual([expect.stringContaining('TRUST_PROXY')]);
  });
});

describe('key and certificate files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-config-keys-'));
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const rsaFile = join(dir, 'rsa.pem');
  writeFileSync(rsaFile, rsa.export({ type: 'pkcs8', format: 'pem' }));

  it('refuses a token key that is not P-256, and a file that cannot be read', () => {
    expect(problemsOf({ ...DEV, OTP_TOKEN_PRIVATE_KEY_FILE: rsaFile })).toEqual([
      expect.stringContaining('OTP_TOKEN_PRIVATE_KEY_FILE: must be a P-256'),
    ]);
    expect(problemsOf({ ...DEV, OTP_TOKEN_PRIVATE_KEY_FILE: join(dir, 'missing.pem') })).toEqual([
      expect.stringContaining('OTP_TOKEN_PRIVATE_KEY_FILE: cannot read'),
    ]);
  });

  it('wants the TLS certificate and key together, and the client CA only with them', () => {
    const problems = problemsOf({ ...DEV, GRPC_TLS_KEY_FILE: rsaFile, GRPC_TLS_CLIENT_CA_FILE: rsaFile });
    expect(problems.join('\n')).toContain('GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE: set both');
    expect(problems.join('\n')).toContain('GRPC_TLS_CLIENT_CA_FILE: mTLS needs');
    expect(problems.join('\n')).toContain('GRPC_TLS_CLIENT_CA_FILE: is not a PEM file');
  });
});

describe('OTP_PRICES_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-config-prices-'));
  const write = (name: string, body: string) => {
    writeFileSync(join(dir, name), body);
    return join(dir, name);
  };

  it('defaults to the documented estimate for +91, in US dollars', () => {
    expect(loadConfig(DEV).prices).toEqual(DEFAULT_PRICE_TABLE);
    expect(DEFAULT_PRICE_TABLE).toEqual({
      currency: 'USD',
      channels: { sms: { IN: 0.0025 }, whatsapp: { IN: 0.0014 } },
    });
  });

  it('reads a table per channel, SMS provider and country, relative to the working directory', () => {
    const table = {
      currency: 'INR',
      channels: { sms: { IN: 0.2, '*': 4 }, whatsapp: { IN: 0.115 } },
      providers: { twilio: { IN: 6.5 } },
    };
    write('prices.json', JSON.stringify(table));
    expect(loadConfig({ ...DEV, OTP_PRICES_FILE: 'prices.json' }, { cwd: dir }).prices).toEqual(table);
  });

  it('names the variable and the problem: unreadable, not JSON, wrong shape', () => {
    expect(problemsOf({ ...DEV, OTP_PRICES_FILE: join(dir, 'none.json') })).toEqual([
      expect.stringMatching(/^OTP_PRICES_FILE: cannot read/),
    ]);
    expect(problemsOf({ ...DEV, OTP_PRICES_FILE: write('bad.json', '{') })).toEqual([
      'OTP_PRICES_FILE: is not valid JSON',
    ]);
    const wrong = write('wrong.json', JSON.stringify({ currency: 'USD', channels: { sms: { india: 1 } } }));
    expect(problemsOf({ ...DEV, OTP_PRICES_FILE: wrong })).toEqual([
      expect.stringMatching(/^OTP_PRICES_FILE: channels\.sms: .*ISO 3166-1/),
    ]);
    const negative = write('neg.json', JSON.stringify({ currency: 'usd', channels: {} }));
    expect(problemsOf({ ...DEV, OTP_PRICES_FILE: negative })).toEqual([
      expect.stringContaining('OTP_PRICES_FILE: currency: currency must be an ISO 4217 code'),
    ]);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback from everything else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.10', 'example.com']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('readDotEnvFile', () => {
  it('reads a .env file when present and nothing otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otp-config-'));
    expect(readDotEnvFile(join(dir, '.env'))).toEqual({});
    writeFileSync(join(dir, '.env'), 'NODE_ENV=test\nOTP_LENGTH=8\n# comment\nHOST="0.0.0.0"\n');
    const env = readDotEnvFile(join(dir, '.env'));
    expect(loadConfig(env).otp.length).toBe(8);
    expect(loadConfig(env).host).toBe('0.0.0.0');
  });

  it('reads SMS_ROUTES quoted as the README and the fakes print it (the `>` stays inside the quotes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otp-config-'));
    writeFileSync(
      join(dir, '.env'),
      'NODE_ENV=test\nSMS_ROUTES=\'IN:msg91>twilio,*:twilio\'\nMSG91_SENDER_ID="AGMTRA" # a comment\n',
    );
    const env = readDotEnvFile(join(dir, '.env'));
    expect(env['SMS_ROUTES']).toBe('IN:msg91>twilio,*:twilio');
    expect(env['MSG91_SENDER_ID']).toBe('AGMTRA');
    expect(loadConfig(env).sms.routes).toEqual([
      { country: 'IN', providers: ['msg91', 'twilio'] },
      { country: '*', providers: ['twilio'] },
    ]);
  });
});
