import { z } from 'zod';
import { int, url } from './zod-env';

// The variables of DESIGN §10 (SMS routing, MSG91, DLT templates) and of the WhatsApp template tool.
// Kept apart from schema.ts; load-config.ts merges them. The per-locale variables
// (OTP_SMS_TEMPLATE_<LOCALE>, DLT_TEMPLATE_ID_<LOCALE>, MSG91_TEMPLATE_ID_<LOCALE>) are read by prefix
// in sms-config.ts.

/** Providers SMS_ROUTES may name (the contract's SMS_PROVIDERS; config depends on nothing). */
export const SMS_ROUTE_PROVIDERS = ['twilio', 'msg91'] as const;
export type SmsRouteProvider = (typeof SMS_ROUTE_PROVIDERS)[number];

/** The EN template when OTP_SMS_TEMPLATE_EN is not set: filled, it is DESIGN §7's text. */
export const DEFAULT_SMS_TEMPLATE_EN = 'Your Agent Mitra verification code is: {#var#}. Valid for {#var#}.';

export interface SmsRoute {
  /** ISO 3166-1 alpha-2 code of the destination, or `*` for every other country. */
  readonly country: string;
  /** In order of preference. */
  readonly providers: readonly SmsRouteProvider[];
}

const ROUTE_ENTRY = /^([A-Z]{2}|\*):([a-z0-9]+(?:>[a-z0-9]+)*)$/;

/**
 * `IN:msg91>twilio,*:twilio` → routes. Countries are upper case ISO codes or `*`; without a `*` entry,
 * `*:twilio` is added, so every country keeps a route.
 */
export const smsRoutes = z
  .string()
  .default('*:twilio')
  .transform((value, ctx): SmsRoute[] => {
    const routes: SmsRoute[] = [];
    for (const entry of value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      const match = ROUTE_ENTRY.exec(entry);
      const country = match?.[1];
      const providers = match?.[2]?.split('>') ?? [];
      const unknown = providers.filter((p) => !(SMS_ROUTE_PROVIDERS as readonly string[]).includes(p));
      if (!country || unknown.length > 0 || new Set(providers).size !== providers.length) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" must look like IN:msg91>twilio (a country code or *, then ${SMS_ROUTE_PROVIDERS.join(' or ')} in order, each once)`,
        });
        continue;
      }
      if (routes.some((route) => route.country === country)) {
        ctx.addIssue({ code: 'custom', message: `${country} has more than one route` });
        continue;
      }
      routes.push({ country, providers: providers as SmsRouteProvider[] });
    }
    if (!routes.some((route) => route.country === '*')) routes.push({ country: '*', providers: ['twilio'] });
    return routes;
  });

export const smsEnvShape = {
  SMS_ROUTES: smsRoutes,
  SMS_PROVIDER_FAILURE_THRESHOLD: int(1, 10_000, 5),
  SMS_PROVIDER_COOLDOWN_SECONDS: int(1, 86_400, 30),
  DLT_VAR_MAX_LENGTH: int(1, 500, 30),
  OTP_WEBOTP_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name')
    .optional(),
  OTP_ANDROID_PACKAGE_NAME: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/,
      'must be an Android package name, e.g. in.agentmitra.app',
    )
    .optional(),

  MSG91_AUTH_KEY: z.string().min(1).optional(),
  MSG91_SENDER_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{3,11}$/, 'must be the sender ID (DLT header), e.g. AGMTRA')
    .optional(),
  MSG91_API_URL: url.default('https://control.msg91.com'),

  WHATSAPP_TEMPLATE_LANGUAGES: z.string().optional(),
  WHATSAPP_OTP_BUTTON: z.enum(['copy_code', 'one_tap', 'zero_tap']).default('copy_code'),
  WHATSAPP_ZERO_TAP_TERMS_ACCEPTED: z.enum(['true', 'false']).default('false'),
};
