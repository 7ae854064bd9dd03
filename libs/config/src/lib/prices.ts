import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Price of one message per destination country (ISO 3166-1 alpha-2, or `*` for any other). */
const countryPrices = z
  .record(z.string(), z.number().nonnegative('prices cannot be negative').finite())
  .refine((prices) => Object.keys(prices).every((key) => /^([A-Z]{2}|\*)$/.test(key)), {
    message: 'country keys are ISO 3166-1 alpha-2 codes (IN, GB…) or *',
  });

const priceTableSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code, e.g. USD or INR'),
    /** Per channel; WhatsApp is counted per delivered message, SMS per sent message. */
    channels: z.object({ sms: countryPrices.optional(), whatsapp: countryPrices.optional() }).strict(),
    /** Per SMS provider, when one costs differently from the channel's price (e.g. Twilio to +91). */
    providers: z
      .object({ twilio: countryPrices.optional(), msg91: countryPrices.optional() })
      .strict()
      .optional(),
  })
  .strict();

/** OTP_PRICES_FILE, validated: what one message costs, per channel (or SMS provider) and country. */
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * The default table: an estimate for +91 only, in US dollars, to be replaced by your own rates
 * (OTP_PRICES_FILE; README "Operations").
 * - WhatsApp, AUTHENTICATION to India: US$0.0014 per delivered message, Meta's India authentication rate
 *   from 1 July 2024 (developers.facebook.com/docs/whatsapp/pricing and its "authentication-international
 *   rates" page; businesses abroad sending over 750K a month pay the international rate, US$0.028).
 * - SMS to India: US$0.0025 per sent message, an estimate of a domestic DLT route such as MSG91's
 *   (about ₹0.20 per OTP SMS; msg91.com/in/pricing/sms, by volume). Twilio's +91 price is several
 *   times higher: give `providers.twilio.IN` from its Pricing API
 *   (`client.pricing.v1.messaging.countries('IN').fetch()`) if SMS to India goes through Twilio.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  currency: 'USD',
  channels: { sms: { IN: 0.0025 }, whatsapp: { IN: 0.0014 } },
};

/** Reads and checks OTP_PRICES_FILE (relative to `cwd`); problems name the variable. Unset: the default. */
export function readPriceTable(path: string | undefined, cwd: string, problems: string[]): PriceTable {
  if (path === undefined) return DEFAULT_PRICE_TABLE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : `cannot read ${path}`;
    problems.push(`OTP_PRICES_FILE: ${reason}`);
    return DEFAULT_PRICE_TABLE;
  }
  const parsed = priceTableSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  problems.push(`OTP_PRICES_FILE: ${issue?.path.join('.') || 'the table'}: ${issue?.message ?? 'invalid'}`);
  return DEFAULT_PRICE_TABLE;
}
