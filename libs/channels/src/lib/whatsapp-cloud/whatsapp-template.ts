/**
 * Request locale → Meta template language code, for the translations an AUTHENTICATION template
 * commonly has in India. A locale is looked up as `ll_RR`, then as `ll`; unmapped ones use the
 * configured language. Meta's codes are case-sensitive and use `_`.
 */
export const DEFAULT_TEMPLATE_LANGUAGES: Readonly<Record<string, string>> = {
  en: 'en',
  en_US: 'en_US',
  en_GB: 'en_GB',
  hi: 'hi',
  bn: 'bn',
  gu: 'gu',
  kn: 'kn',
  ml: 'ml',
  mr: 'mr',
  pa: 'pa',
  ta: 'ta',
  te: 'te',
  ur: 'ur',
};

export function templateLanguage(
  locale: string | null,
  fallback: string,
  languages: Readonly<Record<string, string>> = DEFAULT_TEMPLATE_LANGUAGES,
): string {
  const match = locale ? /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?$/.exec(locale.trim()) : null;
  if (!match?.[1]) return fallback;
  const language = match[1].toLowerCase();
  const region = match[2]?.toUpperCase();
  return (region ? languages[`${language}_${region}`] : undefined) ?? languages[language] ?? fallback;
}

/**
 * The Cloud API payload of an AUTHENTICATION template with a copy-code button: the code fills the body
 * and the button. `to` is digits only, as Meta's examples write it. The code never travels as free text.
 */
export function authenticationTemplatePayload(to: string, code: string, name: string, language: string) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: to.replace(/^\+/, ''),
    type: 'template',
    template: {
      name,
      language: { code: language },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: code }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
      ],
    },
  };
}
