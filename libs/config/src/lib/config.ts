import type { PriceTable } from './prices';
import type { SmsRoute } from './sms-schema';

/** The mode the rules follow: only NODE_ENV=development|test give `development`/`test` (DESIGN §2). */
export type NodeEnv = 'development' | 'test' | 'production';

/** TLS of the gRPC server (PEM texts read at start); null = cleartext. */
export interface GrpcTls {
  readonly certChain: string;
  readonly privateKey: string;
  /** Set: clients must present a certificate signed by this CA (mTLS). */
  readonly clientCa: string | null;
}

/** The typed, frozen configuration every app builds once at start (see DESIGN §6). */
export interface Config {
  /** `production` for any NODE_ENV other than `development` or `test`, unset and empty included. */
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  readonly host: string;
  /**
   * Express `trust proxy`: which proxies may set X-Forwarded-For, so per-IP limits see the client and not
   * the load balancer. `false` (default) trusts none; a hop count (`1`) or addresses/CIDRs
   * (`['10.0.0.0/8', 'loopback']`); `true` (anyone) only in development.
   */
  readonly trustProxy: boolean | number | readonly string[];
  /** `grpcOps`: the otp-service's HTTP listener for `/healthz`, `/readyz` and `/metrics`. */
  readonly ports: {
    readonly gateway: number;
    readonly grpc: number;
    readonly grpcOps: number;
    readonly webhooks: number;
  };
  readonly databaseUrl: string;
  /** How long records are kept before the otp-service's housekeeping deletes them (DESIGN §6). */
  readonly retention: {
    /** Requests (after they expire), their send attempts, and delivery histories (after their last receipt). */
    readonly deliveryDays: number;
    /** Audit rows (AUDIT_RETENTION_DAYS), after they were written. */
    readonly auditDays: number;
  };
  /** What one message costs, for the operations stats (OTP_PRICES_FILE; default: an estimate for +91). */
  readonly prices: PriceTable;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly otp: {
    readonly ttlSeconds: number;
    readonly length: number;
    readonly maxAttempts: number;
    readonly resendCooldownSeconds: number;
    readonly maxSendsPerWindow: number;
    readonly sendWindowSeconds: number;
    /** 0 turns the per-IP ceiling off. */
    readonly maxSendsPerIpPerMinute: number;
    /**
     * OTP_FALLBACK_AFTER_SECONDS (DESIGN §5): a WhatsApp send that allowed fallback and got no
     * `delivered`/`read` receipt this long after it was accepted is sent again by SMS. 0 turns the
     * timeout off (a `failed` receipt still falls back).
     */
    readonly fallbackAfterSeconds: number;
    /** OTP_ALLOWED_COUNTRIES: ISO 3166-1 alpha-2 codes a code may be sent to, or `*` for any. */
    readonly allowedCountries: '*' | readonly string[];
    /** Real sends per minute across all numbers and callers (the global budget, a circuit breaker); 0 = off. */
    readonly maxSendsPerMinute: number;
    /** Real sends per hour to numbers sharing all but their last 3 digits, per caller class; 0 = off. */
    readonly maxSendsPerPrefixPerHour: number;
    /** Public sends from one address (IPv6 per /64) to one number per send window; 0 = off. */
    readonly maxSendsPerIpAndPhonePerWindow: number;
    /** Wrong codes per public client address (IPv6 per /64) per hour; 0 = off. */
    readonly maxVerifyFailuresPerIpPerHour: number;
    /** Wrong codes per phone per day, per caller class; 0 = off. */
    readonly maxVerifyFailuresPerPhonePerDay: number;
    readonly hashSecret: string;
    readonly tokenSecret: string;
    readonly tokenTtlSeconds: number;
    /** PEM of the ES256 (P-256) signing key from OTP_TOKEN_PRIVATE_KEY_FILE; unset = HS256 with tokenSecret. */
    readonly tokenPrivateKeyPem: string | undefined;
    /** SPKI PEMs from OTP_TOKEN_RETIRED_KEY_FILES: in the JWKS beside the current key, never used to sign. */
    readonly tokenRetiredPublicKeyPems: readonly string[];
    /** E.164 numbers that mock mode may apply to in production (app-store review, QA). */
    readonly testNumbers: readonly string[];
    readonly androidAppHash: string | undefined;
  };
  /** Pioneer flags from the environment: `PIONEER_FLAG_<NAME>` ↔ flag `<name>`. */
  readonly flags: Readonly<Record<string, boolean>>;
  readonly unleash: {
    readonly url: string | undefined;
    readonly apiToken: string | undefined;
    readonly appName: string;
    readonly environment: string;
    readonly refreshIntervalMs: number;
    readonly bootstrapFile: string | undefined;
  };
  readonly twilio: {
    readonly accountSid: string | undefined;
    readonly authToken: string;
    readonly phoneNumber: string | undefined;
    readonly messagingServiceSid: string | undefined;
    readonly apiUrl: string | undefined;
  };
  readonly whatsapp: {
    readonly apiUrl: string;
    readonly accessToken: string | undefined;
    readonly businessAccountId: string | undefined;
    readonly businessNumber: string | undefined;
    readonly phoneNumberId: string | undefined;
    readonly templateName: string;
    readonly templateLanguage: string;
    readonly webhookSecret: string;
    readonly verifyToken: string;
    /** What `npm run whatsapp:template` creates or updates on WHATSAPP_BUSINESS_ACCOUNT_ID. */
    readonly authTemplate: {
      /** WHATSAPP_TEMPLATE_LANGUAGES, default WHATSAPP_TEMPLATE_LANGUAGE. */
      readonly languages: readonly string[];
      readonly otpButton: 'copy_code' | 'one_tap' | 'zero_tap';
      /** WHATSAPP_ZERO_TAP_TERMS_ACCEPTED: the business accepted Meta's zero-tap terms. */
      readonly zeroTapTermsAccepted: boolean;
      /** OTP_ANDROID_PACKAGE_NAME, with OTP_ANDROID_APP_HASH the one-tap/zero-tap `supported_apps`. */
      readonly androidPackageName: string | undefined;
    };
  };
  /** SMS routing and DLT templates (DESIGN §10). */
  readonly sms: {
    /** SMS_ROUTES, always with a `*` entry. */
    readonly routes: readonly SmsRoute[];
    readonly failureThreshold: number;
    readonly cooldownSeconds: number;
    /**
     * LOCALE (EN, HI, …) → the template as registered on DLT (`{#var#}` slots), its DLT template ID, and
     * how its validity slot reads (OTP_SMS_VALIDITY_<LOCALE>, `{n}` = minutes; unset: `5 minutes`).
     */
    readonly templates: Readonly<
      Record<
        string,
        {
          readonly text: string;
          readonly dltTemplateId: string | undefined;
          readonly validity: string | undefined;
        }
      >
    >;
    readonly dltVarMaxLength: number;
    readonly webOtpDomain: string | undefined;
  };
  readonly msg91: {
    readonly authKey: string | undefined;
    /** LOCALE → MSG91 template ID: MSG91_TEMPLATE_ID for EN, MSG91_TEMPLATE_ID_<LOCALE> for others. */
    readonly templateIds: Readonly<Record<string, string>>;
    readonly senderId: string | undefined;
    /** Host root, e.g. https://control.msg91.com (no trailing slash). */
    readonly apiUrl: string;
    readonly webhookSecret: string;
  };
  readonly providers: {
    readonly connectTimeoutMs: number;
    readonly timeoutMs: number;
    readonly retryBudgetMs: number;
    readonly maxConcurrency: number;
  };
  readonly webhooks: { readonly publicUrl: string | undefined };
  readonly auth: {
    readonly gatewayApiKeys: readonly string[];
    readonly adminApiKeys: readonly string[];
    readonly grpcAuthTokens: readonly string[];
  };
  readonly grpc: {
    readonly tls: GrpcTls | null;
    /** GRPC_ALLOW_INSECURE: a mesh terminates TLS in front of a non-loopback cleartext server. */
    readonly allowInsecure: boolean;
  };
}
