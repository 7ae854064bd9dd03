import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Keys that may hold a code, a token or a secret. Our code never logs them; the redaction is the
 * second line of defence should an object carrying one reach a log call.
 */
const SENSITIVE_KEYS = [
  'code',
  'otp',
  'otp_sent',
  'otpSent',
  'token',
  'verification_token',
  'verificationToken',
  'authorization',
  'password',
  'secret',
  'apiKey',
  'api_key',
  'accessToken',
  'access_token',
  'authToken',
  'auth_token',
  'text',
  'body',
];

export const REDACTED_PATHS: readonly string[] = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((key) => `*.${key}`),
  ...SENSITIVE_KEYS.map((key) => `*.*.${key}`),
  'req.headers["x-api-key"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-twilio-signature"]',
  'headers["x-api-key"]',
];

export interface LoggerOptions {
  readonly name: string;
  readonly level: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/** JSON logs (pino) with redaction of codes, tokens and secrets. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      base: { pid: process.pid, app: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
