import { ConfigError, DEFAULT_SMS_TEMPLATE_EN } from '@agent-mitra/config';
import { checkTemplate, DLT_SLOT } from './template-check';

export { DLT_SLOT };

/** One locale's template, as registered on DLT, cut at its `{#var#}` slots. */
export interface SmsTemplate {
  /** Upper case: EN, HI, TA_IN… */
  readonly locale: string;
  readonly text: string;
  readonly dltTemplateId: string | null;
  /** What fills each slot, in order. */
  readonly slots: readonly SlotKind[];
  readonly validity: string;
  /** The text around the slots: `parts.length === slots.length + 1`. */
  readonly parts: readonly string[];
}

/** What a slot holds: DESIGN §10 fills code, then validity, then the optional extra lines. */
export type SlotKind = 'code' | 'validity' | 'android_app_hash' | 'webotp';

/** An SMS ready to go: the exact text (what Twilio sends) and the slot values (what MSG91 takes). */
export interface FilledSms {
  readonly locale: string;
  readonly text: string;
  readonly values: readonly string[];
  readonly dltTemplateId: string | null;
}

export interface SmsTemplateOptions {
  /** LOCALE → registered text, DLT template ID and validity pattern (config.sms.templates). */
  readonly templates: Readonly<
    Record<
      string,
      {
        readonly text: string;
        readonly dltTemplateId?: string | undefined;
        readonly validity?: string | undefined;
      }
    >
  >;
  /** DLT_VAR_MAX_LENGTH: the most characters one `{#var#}` may take. */
  readonly varMaxLength: number;
  /** OTP_TTL_SECONDS: the validity slot always says this many minutes. */
  readonly ttlSeconds: number;
  readonly androidAppHash?: string | undefined;
  readonly webOtpDomain?: string | undefined;
}

/**
 * The SMS templates of every configured locale (DESIGN §10). The service never writes text of its own:
 * it fills the registered `{#var#}` slots in order — the code, the validity (`5 minutes`), then, only
 * where the template has more slots, the Android SMS Retriever hash (OTP_ANDROID_APP_HASH) and the
 * WebOTP line `@<domain> #<code>` (OTP_WEBOTP_DOMAIN), in that order, each only when configured. So the
 * text matches the DLT registration character for character.
 */
export class SmsTemplates {
  private constructor(
    private readonly byLocale: ReadonlyMap<string, SmsTemplate>,
    private readonly options: SmsTemplateOptions,
  ) {}

  /**
   * Checks every template and throws one ConfigError naming each problem (the variable, the template
   * and what is wrong): a template without slots, with more slots than there are values to fill them,
   * a value that could exceed DLT_VAR_MAX_LENGTH, or a WebOTP slot not alone on the last line.
   */
  static fromConfig(options: SmsTemplateOptions): SmsTemplates {
    const problems: string[] = [];
    const byLocale = new Map<string, SmsTemplate>();
    const entries = Object.entries(options.templates);
    if (!entries.some(([locale]) => locale === 'EN')) {
      entries.push(['EN', { text: DEFAULT_SMS_TEMPLATE_EN }]);
    }
    for (const [locale, entry] of entries) {
      const template = checkTemplate(locale, entry, options, problems);
      if (template) byLocale.set(locale, template);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return new SmsTemplates(byLocale, options);
  }

  /** The locales configured, EN first. */
  get locales(): string[] {
    return [...this.byLocale.keys()].sort((a, b) => (a === 'EN' ? -1 : b === 'EN' ? 1 : a.localeCompare(b)));
  }

  /** A request's locale (`hi`, `hi-IN`, `en_US`) → its template: `HI_IN`, then `HI`, then EN. */
  pick(locale: string | null): SmsTemplate {
    const match = locale ? /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?$/.exec(locale.trim()) : null;
    const language = match?.[1]?.toUpperCase();
    const region = match?.[2]?.toUpperCase();
    const found =
      (language && region ? this.byLocale.get(`${language}_${region}`) : undefined) ??
      (language ? this.byLocale.get(language) : undefined) ??
      this.byLocale.get('EN');
    if (!found) throw new Error('SmsTemplates always has EN');
    return found;
  }

  /** The SMS for this code in the request's locale: the registered text with its slots filled. */
  fill(locale: string | null, code: string): FilledSms {
    const template = this.pick(locale);
    const values = template.slots.map((slot) => slotValue(slot, code, template, this.options));
    const text = template.parts.reduce((out, part, index) => out + part + (values[index] ?? ''), '');
    return { locale: template.locale, text, values, dltTemplateId: template.dltTemplateId };
  }
}

function slotValue(slot: SlotKind, code: string, template: SmsTemplate, options: SmsTemplateOptions): string {
  switch (slot) {
    case 'code':
      return code;
    case 'validity':
      return template.validity;
    case 'android_app_hash':
      return options.androidAppHash ?? '';
    case 'webotp':
      return `@${options.webOtpDomain ?? ''} #${code}`;
  }
}

/**
 * The default EN template filled (DESIGN §7): `Your Agent Mitra verification code is: 123456. Valid for
 * 5 minutes.` The engine and the channels use the configured SmsTemplates; this is their default.
 */
export function formatOtpText(code: string, ttlSeconds: number): string {
  return SmsTemplates.fromConfig({ templates: {}, varMaxLength: 30, ttlSeconds }).fill(null, code).text;
}
