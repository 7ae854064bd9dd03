import { validityMinutes } from '../otp-text';
import type { SlotKind, SmsTemplate, SmsTemplateOptions } from './sms-templates';

/** The DLT variable marker, exactly as every DLT portal writes it (case-sensitive). */
export const DLT_SLOT = '{#var#}';

/** Codes are 4–10 digits (caller-chosen ones included), so a code slot holds at most this many. */
const MAX_CODE_LENGTH = 10;
const DEFAULT_VALIDITY = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;
const variableName = (locale: string) => `OTP_SMS_TEMPLATE_${locale}`;

/**
 * One locale's template, cut at its slots with what fills each, or null after adding to `problems`
 * every reason it cannot be sent exactly (DESIGN §10; the messages quote the template).
 */
export function checkTemplate(
  locale: string,
  entry: {
    readonly text: string;
    readonly dltTemplateId?: string | undefined;
    readonly validity?: string | undefined;
  },
  options: SmsTemplateOptions,
  problems: string[],
): SmsTemplate | null {
  const name = variableName(locale);
  const parts = entry.text.split(DLT_SLOT);
  const count = parts.length - 1;
  const fillers: SlotKind[] = ['code', 'validity'];
  if (options.androidAppHash) fillers.push('android_app_hash');
  if (options.webOtpDomain) fillers.push('webotp');
  const quoted = JSON.stringify(entry.text);
  if (count === 0) {
    problems.push(`${name}: ${quoted} has no ${DLT_SLOT} slot for the code`);
    return null;
  }
  if (count > fillers.length) {
    problems.push(
      `${name}: ${quoted} has ${count} ${DLT_SLOT} slots but only ${fillers.length} can be filled ` +
        `(${fillers.join(', ')}); register a template with fewer slots` +
        (fillers.length < 4 ? ', or set OTP_ANDROID_APP_HASH / OTP_WEBOTP_DOMAIN for the extra lines' : ''),
    );
    return null;
  }
  const slots = fillers.slice(0, count);
  const minutes = validityMinutes(options.ttlSeconds);
  const validity = entry.validity
    ? entry.validity.replaceAll('{n}', String(minutes))
    : DEFAULT_VALIDITY(minutes);
  const longest: Record<SlotKind, number> = {
    code: MAX_CODE_LENGTH,
    validity: validity.length,
    android_app_hash: options.androidAppHash?.length ?? 0,
    webotp: `@${options.webOtpDomain ?? ''} #`.length + MAX_CODE_LENGTH,
  };
  for (const slot of slots) {
    if (longest[slot] > options.varMaxLength) {
      problems.push(
        `${name}: ${quoted}: the ${slot.replaceAll('_', ' ')} slot can take ${longest[slot]} characters, ` +
          `more than DLT_VAR_MAX_LENGTH=${options.varMaxLength} (carriers drop the SMS)`,
      );
    }
  }
  if (slots.includes('webotp') && (parts.at(-1) !== '' || !/(^|\n)$/.test(parts.at(-2) ?? ''))) {
    problems.push(
      `${name}: ${quoted}: the WebOTP slot must be alone on the last line (${DLT_SLOT} after a line break, nothing after it)`,
    );
  }
  return { locale, text: entry.text, dltTemplateId: entry.dltTemplateId ?? null, slots, validity, parts };
}
