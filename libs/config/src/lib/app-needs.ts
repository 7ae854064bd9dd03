/** The three apps, as `loadAppConfig(app, …)` names them. */
export type AppName = 'gateway' | 'otp-service' | 'webhooks';

/**
 * Secrets and keys an app never reads, so production does not demand them from it (README,
 * "Production checklist"). Everything not listed applies to every app; with no app named (libraries,
 * tests), every rule applies — the safe side.
 * - The webhook receivers' secrets (Meta app secret and verify token, MSG91's `?secret=`) are read only
 *   by the webhooks app; Twilio's auth token is not listed: it also signs every Twilio send.
 * - `GATEWAY_API_KEYS` guard the gateway's backend routes; `GRPC_AUTH_TOKENS` the gRPC service.
 * - `OTP_TOKEN_SECRET` signs verification tokens, issued only where codes are verified (gateway, gRPC).
 */
const UNUSED: Readonly<Record<AppName, ReadonlySet<string>>> = {
  gateway: new Set([
    'GRPC_AUTH_TOKENS',
    'WHATSAPP_WEBHOOK_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'MSG91_WEBHOOK_SECRET',
  ]),
  'otp-service': new Set([
    'GATEWAY_API_KEYS',
    'WHATSAPP_WEBHOOK_SECRET',
    'WHATSAPP_VERIFY_TOKEN',
    'MSG91_WEBHOOK_SECRET',
  ]),
  webhooks: new Set(['GATEWAY_API_KEYS', 'GRPC_AUTH_TOKENS', 'OTP_TOKEN_SECRET']),
};

/** The production problems (`NAME: why` lines) that concern what `app` uses; all of them without an app. */
export function problemsForApp(problems: readonly string[], app: AppName | undefined): string[] {
  if (app === undefined) return [...problems];
  const unused = UNUSED[app];
  return problems.filter((line) => !unused.has(line.slice(0, line.indexOf(':'))));
}
