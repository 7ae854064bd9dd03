import { z } from 'zod';
import { int, url } from './zod-env';
import { abuseEnvShape } from './abuse-schema';
import { smsEnvShape } from './sms-schema';
import { parseTrustProxy } from './trust-proxy';

/**
 * Harmless development secrets, so nothing has to be set to run locally. Production refuses every one
 * of them (see load-config.ts).
 */
export const DEV_DEFAULT_SECRETS = {
  OTP_HASH_SECRET: 'dev-only-otp-hash-secret-not-for-production',
  OTP_TOKEN_SECRET: 'dev-only-otp-token-secret-not-for-production',
  TWILIO_AUTH_TOKEN: 'dev-only-twilio-auth-token',
  WHATSAPP_WEBHOOK_SECRET: 'dev-only-whatsapp-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'dev-only-whatsapp-verify-token',
  MSG91_WEBHOOK_SECRET: 'dev-only-msg91-webhook-secret',
} as const;

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

export const booleanFlag = z.string().transform((value, ctx) => {
  const parsed = BOOLEAN_WORDS[value.trim().toLowerCase()];
  if (parsed === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be true or false' });
    return z.NEVER;
  }
  return parsed;
});

const port = (fallback: number) => int(0, 65535, fallback);

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/** TRUST_PROXY: `true`/`false`, a hop count, or a comma-separated list of addresses and CIDRs. */
const trustProxy = z.string().transform((value, ctx) => {
  const parsed = parseTrustProxy(value);
  if (parsed === null) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be false, a hop count (e.g. 1) or addresses/CIDRs (e.g. 10.0.0.0/8,loopback); true only in development',
    });
    return z.NEVER;
  }
  return parsed;
});

const optionalText = z.string().min(1).optional();

/** Every variable of DESIGN §6 (plus the ports and timeouts), as read from the environment. */
export const envSchema = z.object({
  /** Any value is accepted; only `development` and `test` turn the production rules off (DESIGN §2). */
  NODE_ENV: z.string().optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRUST_PROXY: trustProxy.default(false),
  GATEWAY_PORT: port(8015),
  GRPC_PORT: port(50051),
  WEBHOOKS_PORT: port(8016),
  /** The otp-service's HTTP side: `/healthz`, `/readyz`, `/metrics` (gRPC cannot be scraped). */
  GRPC_OPS_PORT: port(8018),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/otp.sqlite'),
  DELIVERY_RETENTION_DAYS: int(1, 3_650, 30),
  OTP_PRICES_FILE: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  OTP_TTL_SECONDS: int(1, 86_400, 300),
  OTP_LENGTH: int(4, 10, 6),
  OTP_MAX_ATTEMPTS: int(1, 100, 5),
  OTP_RESEND_COOLDOWN_SECONDS: int(0, 86_400, 30),
  OTP_MAX_SENDS_PER_WINDOW: int(0, Number.MAX_SAFE_INTEGER, 5),
  OTP_SEND_WINDOW_SECONDS: int(1, 7 * 86_400, 600),
  OTP_MAX_SENDS_PER_IP_PER_MINUTE: int(0, Number.MAX_SAFE_INTEGER, 300),
  OTP_FALLBACK_AFTER_SECONDS: int(0, 3_600, 20),
  ...abuseEnvShape,
  OTP_HASH_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .default(DEV_DEFAULT_SECRETS.OTP_HASH_SECRET),
  OTP_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_DEFAULT_SECRETS.OTP_TOKEN_SECRET),
  OTP_TOKEN_TTL_SECONDS: int(30, 600, 300),
  OTP_TOKEN_PRIVATE_KEY_FILE: optionalText,
  /** Comma-separated PEM files of earlier signing keys, published in the JWKS during a rotation. */
  OTP_TOKEN_RETIRED_KEY_FILES: optionalText,
  OTP_TEST_NUMBERS: list.pipe(
    z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'each number must be E.164, e.g. +919876543210')),
  ),
  OTP_ANDROID_APP_HASH: z
    .string()
    .regex(/^[A-Za-z0-9+/]{11}$/, 'must be the 11-character SMS Retriever app hash')
    .optional(),

  UNLEASH_URL: url.optional(),
  UNLEASH_API_TOKEN: optionalText,
  UNLEASH_APP_NAME: z.string().min(1).default('agent-mitra-otp'),
  UNLEASH_ENVIRONMENT: z.string().min(1).default('development'),
  UNLEASH_REFRESH_INTERVAL_MS: int(0, 3_600_000, 15_000),
  UNLEASH_BOOTSTRAP_FILE: optionalText,

  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).default(DEV_DEFAULT_SECRETS.TWILIO_AUTH_TOKEN),
  TWILIO_PHONE_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG followed by 32 hex digits')
    .optional(),
  TWILIO_API_URL: url.optional(),

  WHATSAPP_API_URL: url.default('https://graph.facebook.com/v18.0'),
  WHATSAPP_ACCESS_TOKEN: optionalText,
  WHATSAPP_BUSINESS_ACCOUNT_ID: optionalText,
  WHATSAPP_BUSINESS_NUMBER: optionalText,
  WHATSAPP_PHONE_NUMBER_ID: optionalText,
  WHATSAPP_TEMPLATE_NAME: z.string().min(1).default('agent_mitra_otp'),
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().min(2).default('en'),
  WHATSAPP_WEBHOOK_SECRET: z.string().min(1).default(DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).default(DEV_DEFAULT_SECRETS.WHATSAPP_VERIFY_TOKEN),

  PROVIDER_CONNECT_TIMEOUT_MS: int(1, 60_000, 3_000),
  PROVIDER_TIMEOUT_MS: int(1, 120_000, 8_000),
  PROVIDER_RETRY_BUDGET_MS: int(0, 120_000, 10_000),
  // Sockets (requests in flight) per provider origin and process. 100: Twilio refuses REST requests over
  // an account's concurrency limit with 429 / error 20429 (docs/api/errors/20429; 100 per account by
  // default), and Meta's Cloud API accepts 80 messages/s per business number by default
  // (whatsapp/throughput), i.e. ~40 in flight at India's ~0.5 s round trip. Divide by the instances.
  PROVIDER_MAX_CONCURRENCY: int(1, 10_000, 100),

  WEBHOOKS_PUBLIC_URL: url.optional(),
  MSG91_WEBHOOK_SECRET: z.string().min(1).default(DEV_DEFAULT_SECRETS.MSG91_WEBHOOK_SECRET),
  ...smsEnvShape,

  GATEWAY_API_KEYS: list,
  ADMIN_API_KEYS: list,
  GRPC_AUTH_TOKENS: list,

  GRPC_TLS_CERT_FILE: optionalText,
  GRPC_TLS_KEY_FILE: optionalText,
  GRPC_TLS_CLIENT_CA_FILE: optionalText,
  GRPC_ALLOW_INSECURE: booleanFlag.default(false),
});

export type RawEnv = z.infer<typeof envSchema>;
