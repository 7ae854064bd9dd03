/** The app secret the bench signs Meta webhooks with (a bench-only value, never a real one). */
export const BENCH_WHATSAPP_APP_SECRET = 'bench-only-whatsapp-app-secret';

/** Large enough never to refuse a bench request, small enough for any sane schema (DESIGN §6's example). */
const OPEN = '100000000';

/**
 * The environment of an app under load: development rules (mock mode allowed, open backend routes), any
 * free port, the given store, and every limit that a load from one address would hit opened — not
 * turned off, so the quota writes stay on the hot path as in production. Limits on one phone never
 * bite: every request uses a new number. Nothing from the bench's own environment leaks in except PATH
 * and HOME, and the apps run in a directory without `.env`.
 */
export function appEnvironment(databaseUrl: string, extra: Readonly<Record<string, string>> = {}) {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    GRPC_PORT: '0',
    GRPC_OPS_PORT: '0',
    WEBHOOKS_PORT: '0',
    DATABASE_URL: databaseUrl,
    OTP_MAX_SENDS_PER_IP_PER_MINUTE: OPEN,
    OTP_MAX_SENDS_PER_MINUTE: OPEN,
    OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: OPEN,
    OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR: OPEN,
    WHATSAPP_WEBHOOK_SECRET: BENCH_WHATSAPP_APP_SECRET,
    ...extra,
  };
}
