import { problemsForApp, type AppName } from './app-needs';
import type { Config, NodeEnv } from './config';
import { readKeyMaterial, type KeyMaterial } from './key-files';
import { readPriceTable } from './prices';
import { productionProblems } from './production-rules';
import { booleanFlag, envSchema, type RawEnv } from './schema';
import { smsConfigOf, whatsappTemplateConfigOf } from './sms-config';

const FLAG_PREFIX = 'PIONEER_FLAG_';

/** Defaults of the Pioneer flags when neither Unleash nor the environment says otherwise. */
function defaultFlags(isProduction: boolean): Record<string, boolean> {
  return { mock_otp_enabled: !isProduction, whatsapp_channel_enabled: true, sms_fallback_enabled: true };
}

/** Thrown when the environment is wrong; the message names every wrong variable at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  /**
   * The process serves gRPC, so production refuses a cleartext server on a non-loopback HOST.
   * Default true (the safe side); the HTTP apps pass false.
   */
  readonly servesGrpc?: boolean;
  /**
   * The app being configured: production then demands only the secrets and keys it uses (app-needs.ts).
   * Unset: every rule applies.
   */
  readonly app?: AppName;
  /** Where relative key and certificate paths start (default: the working directory). */
  readonly cwd?: string;
}

/**
 * The mode of DESIGN §2: only `development` and `test` are what they say; anything else — unset, empty,
 * `prod`, `staging`, `production` — gets the production rules.
 */
export function modeOf(nodeEnv: string | undefined): NodeEnv {
  return nodeEnv === 'development' || nodeEnv === 'test' ? nodeEnv : 'production';
}

/** Validates the environment once and returns a frozen, typed configuration (DESIGN §6). */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const problems: string[] = [];
  const mode = modeOf(present['NODE_ENV']);
  const flags = parseFlags(present, mode === 'production', problems);
  const { raw, invalid } = parseEnv(present, problems);
  const later: string[] = [];
  const keys = readKeyMaterial(raw, options.cwd ?? process.cwd(), later);
  const prices = readPriceTable(raw.OTP_PRICES_FILE, options.cwd ?? process.cwd(), later);
  crossCheck(raw, later);
  if (mode === 'production') {
    const production = productionProblems(raw, {
      present,
      servesGrpc: options.servesGrpc ?? true,
      grpcTls: keys.grpcTls !== null,
    });
    later.push(...problemsForApp(production, options.app));
  }
  const sms = smsConfigOf(raw, present, later);
  const authTemplate = whatsappTemplateConfigOf(raw, later);
  // A variable already refused by the schema is named once.
  problems.push(...later.filter((line) => !invalid.has(line.slice(0, line.indexOf(':')))));
  if (problems.length > 0) throw new ConfigError(problems.sort());
  const config = toConfig(raw, mode, flags, keys);
  return deepFreeze({ ...config, ...sms, prices, whatsapp: { ...config.whatsapp, authTemplate } });
}

/**
 * Parses every variable; the ones the schema refuses are reported and replaced by their defaults, so the
 * remaining checks still run and the one message names every problem at once.
 */
function parseEnv(
  present: Record<string, string>,
  problems: string[],
): { raw: RawEnv; invalid: ReadonlySet<string> } {
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return { raw: parsed.data, invalid: new Set() };
  const invalid = new Set<string>();
  for (const issue of parsed.error.issues) {
    problems.push(`${issue.path.join('.')}: ${issue.message}`);
    invalid.add(String(issue.path[0]));
  }
  const rest = Object.fromEntries(Object.entries(present).filter(([name]) => !invalid.has(name)));
  return { raw: envSchema.parse(rest), invalid };
}

function parseFlags(present: Record<string, string>, isProduction: boolean, problems: string[]) {
  const flags = defaultFlags(isProduction);
  for (const [key, value] of Object.entries(present)) {
    if (!key.startsWith(FLAG_PREFIX) || key.length === FLAG_PREFIX.length) continue;
    const result = booleanFlag.safeParse(value);
    if (result.success) flags[key.slice(FLAG_PREFIX.length).toLowerCase()] = result.data;
    else problems.push(`${key}: must be true or false`);
  }
  if (isProduction && present[`${FLAG_PREFIX}MOCK_OTP_ENABLED`] !== undefined && flags['mock_otp_enabled']) {
    problems.push(
      `${FLAG_PREFIX}MOCK_OTP_ENABLED: mock mode from the environment is refused in production; ` +
        'turn mock_otp_enabled on in Unleash for the numbers in OTP_TEST_NUMBERS instead',
    );
  }
  return flags;
}

function crossCheck(raw: RawEnv, problems: string[]): void {
  if (raw.TWILIO_ACCOUNT_SID && !raw.TWILIO_PHONE_NUMBER && !raw.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push(
      'TWILIO_PHONE_NUMBER: set it (or TWILIO_MESSAGING_SERVICE_SID) when TWILIO_ACCOUNT_SID is set',
    );
  }
  if (raw.WHATSAPP_ACCESS_TOKEN && !raw.WHATSAPP_PHONE_NUMBER_ID) {
    problems.push('WHATSAPP_PHONE_NUMBER_ID: required when WHATSAPP_ACCESS_TOKEN is set');
  }
  if (raw.UNLEASH_URL && !raw.UNLEASH_API_TOKEN) {
    problems.push('UNLEASH_API_TOKEN: required when UNLEASH_URL is set');
  }
}

function toConfig(
  raw: RawEnv,
  mode: NodeEnv,
  flags: Record<string, boolean>,
  keys: KeyMaterial,
): Omit<Config, 'sms' | 'msg91' | 'whatsapp' | 'prices'> & {
  whatsapp: Omit<Config['whatsapp'], 'authTemplate'>;
} {
  return {
    nodeEnv: mode,
    isProduction: mode === 'production',
    host: raw.HOST,
    trustProxy: raw.TRUST_PROXY,
    ports: {
      gateway: raw.GATEWAY_PORT,
      grpc: raw.GRPC_PORT,
      grpcOps: raw.GRPC_OPS_PORT,
      webhooks: raw.WEBHOOKS_PORT,
    },
    databaseUrl: raw.DATABASE_URL,
    retention: { deliveryDays: raw.DELIVERY_RETENTION_DAYS, auditDays: raw.AUDIT_RETENTION_DAYS },
    logLevel: raw.LOG_LEVEL,
    otp: {
      ttlSeconds: raw.OTP_TTL_SECONDS,
      length: raw.OTP_LENGTH,
      maxAttempts: raw.OTP_MAX_ATTEMPTS,
      resendCooldownSeconds: raw.OTP_RESEND_COOLDOWN_SECONDS,
      maxSendsPerWindow: raw.OTP_MAX_SENDS_PER_WINDOW,
      sendWindowSeconds: raw.OTP_SEND_WINDOW_SECONDS,
      maxSendsPerIpPerMinute: raw.OTP_MAX_SENDS_PER_IP_PER_MINUTE,
      fallbackAfterSeconds: raw.OTP_FALLBACK_AFTER_SECONDS,
      allowedCountries: raw.OTP_ALLOWED_COUNTRIES,
      maxSendsPerMinute: raw.OTP_MAX_SENDS_PER_MINUTE,
      maxSendsPerPrefixPerHour: raw.OTP_MAX_SENDS_PER_PREFIX_PER_HOUR,
      maxSendsPerIpAndPhonePerWindow: raw.OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW,
      maxVerifyFailuresPerIpPerHour: raw.OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR,
      maxVerifyFailuresPerPhonePerDay: raw.OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY,
      hashSecret: raw.OTP_HASH_SECRET,
      tokenSecret: raw.OTP_TOKEN_SECRET,
      tokenTtlSeconds: raw.OTP_TOKEN_TTL_SECONDS,
      tokenPrivateKeyPem: keys.tokenPrivateKeyPem,
      tokenRetiredPublicKeyPems: keys.tokenRetiredPublicKeyPems,
      testNumbers: raw.OTP_TEST_NUMBERS,
      androidAppHash: raw.OTP_ANDROID_APP_HASH,
    },
    flags,
    unleash: {
      url: raw.UNLEASH_URL,
      apiToken: raw.UNLEASH_API_TOKEN,
      appName: raw.UNLEASH_APP_NAME,
      environment: raw.UNLEASH_ENVIRONMENT,
      refreshIntervalMs: raw.UNLEASH_REFRESH_INTERVAL_MS,
      bootstrapFile: raw.UNLEASH_BOOTSTRAP_FILE,
    },
    twilio: {
      accountSid: raw.TWILIO_ACCOUNT_SID,
      authToken: raw.TWILIO_AUTH_TOKEN,
      phoneNumber: raw.TWILIO_PHONE_NUMBER,
      messagingServiceSid: raw.TWILIO_MESSAGING_SERVICE_SID,
      apiUrl: raw.TWILIO_API_URL,
    },
    whatsapp: {
      apiUrl: raw.WHATSAPP_API_URL.replace(/\/+$/, ''),
      accessToken: raw.WHATSAPP_ACCESS_TOKEN,
      businessAccountId: raw.WHATSAPP_BUSINESS_ACCOUNT_ID,
      businessNumber: raw.WHATSAPP_BUSINESS_NUMBER,
      phoneNumberId: raw.WHATSAPP_PHONE_NUMBER_ID,
      templateName: raw.WHATSAPP_TEMPLATE_NAME,
      templateLanguage: raw.WHATSAPP_TEMPLATE_LANGUAGE,
      webhookSecret: raw.WHATSAPP_WEBHOOK_SECRET,
      verifyToken: raw.WHATSAPP_VERIFY_TOKEN,
    },
    providers: {
      connectTimeoutMs: raw.PROVIDER_CONNECT_TIMEOUT_MS,
      timeoutMs: raw.PROVIDER_TIMEOUT_MS,
      retryBudgetMs: raw.PROVIDER_RETRY_BUDGET_MS,
      maxConcurrency: raw.PROVIDER_MAX_CONCURRENCY,
    },
    webhooks: { publicUrl: raw.WEBHOOKS_PUBLIC_URL?.replace(/\/+$/, '') },
    auth: {
      gatewayApiKeys: raw.GATEWAY_API_KEYS,
      adminApiKeys: raw.ADMIN_API_KEYS,
      grpcAuthTokens: raw.GRPC_AUTH_TOKENS,
    },
    grpc: { tls: keys.grpcTls, allowInsecure: raw.GRPC_ALLOW_INSECURE },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
