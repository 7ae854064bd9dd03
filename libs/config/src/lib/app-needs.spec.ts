// Production demands of each app only what it uses: the README's "Production checklist", per app.
import { ConfigError, loadConfig } from './load-config';
import type { AppName } from './app-needs';

const secret = (label: string) => `${label}-`.padEnd(40, 'x');
const PROVIDERS = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: secret('twilio-auth-token'),
  TWILIO_PHONE_NUMBER: '+15005550006',
  WHATSAPP_ACCESS_TOKEN: secret('whatsapp-access-token'),
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  MSG91_AUTH_KEY: secret('msg91-auth-key'),
  MSG91_TEMPLATE_ID: '65f1c0ffee0123456789abcd',
};
/** The checklist of each app, with no provider (mock mode is off in production: sends need one). */
const CHECKLIST: Readonly<Record<AppName, Record<string, string>>> = {
  gateway: {
    OTP_HASH_SECRET: secret('hash'),
    OTP_TOKEN_SECRET: secret('token'),
    GATEWAY_API_KEYS: secret('gateway-key'),
  },
  'otp-service': {
    OTP_HASH_SECRET: secret('hash'),
    OTP_TOKEN_SECRET: secret('token'),
    GRPC_AUTH_TOKENS: secret('grpc-token'),
  },
  webhooks: { OTP_HASH_SECRET: secret('hash') },
};
const WEBHOOK_SECRETS = {
  WHATSAPP_WEBHOOK_SECRET: secret('meta-app-secret'),
  WHATSAPP_VERIFY_TOKEN: secret('meta-verify-token'),
  MSG91_WEBHOOK_SECRET: secret('msg91-webhook-secret'),
  WEBHOOKS_PUBLIC_URL: 'https://hooks.example.com',
};

function problems(app: AppName | undefined, env: Record<string, string>): string[] {
  try {
    loadConfig({ NODE_ENV: 'production', ...env }, { app, servesGrpc: app === 'otp-service' });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((line) => line.slice(0, line.indexOf(':')));
    throw error;
  }
}

describe.each(Object.keys(CHECKLIST) as AppName[])('%s in production', (app) => {
  it('starts with exactly its checklist, and names each item when it is missing', () => {
    expect(problems(app, CHECKLIST[app])).toEqual([]);
    for (const name of Object.keys(CHECKLIST[app])) {
      const { [name]: _missing, ...rest } = CHECKLIST[app];
      expect(problems(app, rest)).toEqual([name]);
    }
  });
});

describe('providers in production', () => {
  it('the sending apps need the provider credentials, not the receivers’ webhook secrets', () => {
    expect(problems('gateway', { ...CHECKLIST.gateway, ...PROVIDERS })).toEqual([]);
    expect(problems('otp-service', { ...CHECKLIST['otp-service'], ...PROVIDERS })).toEqual([]);
  });

  it('the webhooks app needs each configured provider’s receipt secret', () => {
    expect(problems('webhooks', { ...CHECKLIST.webhooks, ...PROVIDERS })).toEqual([
      'MSG91_WEBHOOK_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'WHATSAPP_WEBHOOK_SECRET',
    ]);
    expect(problems('webhooks', { ...CHECKLIST.webhooks, ...PROVIDERS, ...WEBHOOK_SECRETS })).toEqual([]);
  });

  it('with no app named, every rule applies (the safe side)', () => {
    expect(problems(undefined, { ...CHECKLIST.webhooks, ...PROVIDERS })).toEqual([
      'GATEWAY_API_KEYS',
      'GRPC_AUTH_TOKENS',
      'MSG91_WEBHOOK_SECRET',
      'OTP_TOKEN_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'WHATSAPP_WEBHOOK_SECRET',
    ]);
  });
});
