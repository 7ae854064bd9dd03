import type { Config } from './config';
import { DEFAULT_SMS_TEMPLATE_EN } from './sms-schema';
import type { RawEnv } from './schema';

const LOCALE_SUFFIX = /^[A-Z]{2,3}(_[A-Z]{2})?$/;
const DLT_TEMPLATE_ID = /^\d{10,25}$/;
const MSG91_TEMPLATE_ID = /^[A-Za-z0-9]{6,64}$/;

type Present = Readonly<Record<string, string>>;

/** `<PREFIX><LOCALE>` variables → LOCALE → value; a suffix that is not a locale is a problem. */
function byLocale(present: Present, prefix: string, problems: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(present)) {
    if (!key.startsWith(prefix)) continue;
    const locale = key.slice(prefix.length);
    if (LOCALE_SUFFIX.test(locale)) values[locale] = value;
    else problems.push(`${key}: the suffix must be a locale in upper case, e.g. ${prefix}HI`);
  }
  return values;
}

/**
 * The SMS part of the config (DESIGN §10): routes, breaker settings, the DLT templates per locale and
 * the MSG91 settings. Only the shape is checked here; whether a template's slots can be filled is
 * checked when the channels are built (it needs the channel's knowledge of what fills them).
 */
export function smsConfigOf(
  raw: RawEnv,
  present: Present,
  problems: string[],
): Pick<Config, 'sms' | 'msg91'> {
  const texts = byLocale(present, 'OTP_SMS_TEMPLATE_', problems);
  texts['EN'] ??= DEFAULT_SMS_TEMPLATE_EN;
  const dltIds = byLocale(present, 'DLT_TEMPLATE_ID_', problems);
  for (const [locale, id] of Object.entries(dltIds)) {
    if (!DLT_TEMPLATE_ID.test(id))
      problems.push(`DLT_TEMPLATE_ID_${locale}: must be the numeric DLT template ID`);
    if (texts[locale] === undefined) {
      problems.push(`DLT_TEMPLATE_ID_${locale}: set OTP_SMS_TEMPLATE_${locale} (the registered text) too`);
    }
  }
  const msg91Ids = byLocale(present, 'MSG91_TEMPLATE_ID_', problems);
  if (present['MSG91_TEMPLATE_ID'] !== undefined) msg91Ids['EN'] = present['MSG91_TEMPLATE_ID'];
  for (const [locale, id] of Object.entries(msg91Ids)) {
    const name = locale === 'EN' ? 'MSG91_TEMPLATE_ID' : `MSG91_TEMPLATE_ID_${locale}`;
    if (!MSG91_TEMPLATE_ID.test(id)) problems.push(`${name}: must be the template ID shown in MSG91's panel`);
  }
  if (raw.MSG91_AUTH_KEY && msg91Ids['EN'] === undefined) {
    problems.push('MSG91_TEMPLATE_ID: required when MSG91_AUTH_KEY is set (the MSG91 template for EN)');
  }
  const validity = byLocale(present, 'OTP_SMS_VALIDITY_', problems);
  for (const [locale, pattern] of Object.entries(validity)) {
    if (!pattern.includes('{n}')) problems.push(`OTP_SMS_VALIDITY_${locale}: must contain {n} (the minutes)`);
    if (texts[locale] === undefined) {
      problems.push(`OTP_SMS_VALIDITY_${locale}: set OTP_SMS_TEMPLATE_${locale} (the registered text) too`);
    }
  }
  const templates = Object.fromEntries(
    Object.entries(texts).map(([locale, text]) => [
      locale,
      { text, dltTemplateId: dltIds[locale], validity: validity[locale] },
    ]),
  );
  return {
    sms: {
      routes: raw.SMS_ROUTES,
      failureThreshold: raw.SMS_PROVIDER_FAILURE_THRESHOLD,
      cooldownSeconds: raw.SMS_PROVIDER_COOLDOWN_SECONDS,
      templates,
      dltVarMaxLength: raw.DLT_VAR_MAX_LENGTH,
      webOtpDomain: raw.OTP_WEBOTP_DOMAIN,
    },
    msg91: {
      authKey: raw.MSG91_AUTH_KEY,
      templateIds: msg91Ids,
      senderId: raw.MSG91_SENDER_ID,
      apiUrl: raw.MSG91_API_URL.replace(/\/+$/, ''),
      webhookSecret: raw.MSG91_WEBHOOK_SECRET,
    },
  };
}

/** WhatsApp template tool settings (`npm run whatsapp:template`). */
export function whatsappTemplateConfigOf(
  raw: RawEnv,
  problems: string[],
): Config['whatsapp']['authTemplate'] {
  const languages = (raw.WHATSAPP_TEMPLATE_LANGUAGES ?? raw.WHATSAPP_TEMPLATE_LANGUAGE)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const language of languages) {
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) {
      problems.push(
        `WHATSAPP_TEMPLATE_LANGUAGES: "${language}" is not a template language code such as en, hi or en_US`,
      );
    }
  }
  const otpButton = raw.WHATSAPP_OTP_BUTTON;
  if (otpButton !== 'copy_code' && (!raw.OTP_ANDROID_PACKAGE_NAME || !raw.OTP_ANDROID_APP_HASH)) {
    problems.push(
      `WHATSAPP_OTP_BUTTON: ${otpButton} needs OTP_ANDROID_PACKAGE_NAME and OTP_ANDROID_APP_HASH (the app's supported_apps)`,
    );
  }
  return {
    languages: [...new Set(languages)],
    otpButton,
    zeroTapTermsAccepted: raw.WHATSAPP_ZERO_TAP_TERMS_ACCEPTED === 'true',
    androidPackageName: raw.OTP_ANDROID_PACKAGE_NAME,
  };
}
