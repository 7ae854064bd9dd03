import { ConfigError } from '@agent-mitra/config';
import { formatOtpText, SmsTemplates, type SmsTemplateOptions } from '../../index';

const HI = 'एजेंट मित्र: आपका सत्यापन कोड {#var#} है। यह {#var#} तक मान्य है।';
const build = (overrides: Partial<SmsTemplateOptions> = {}) =>
  SmsTemplates.fromConfig({ templates: {}, varMaxLength: 30, ttlSeconds: 300, ...overrides });

function problemsOf(options: Partial<SmsTemplateOptions>): string[] {
  try {
    build(options);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('SmsTemplates', () => {
  it('fills the default EN template into exactly the text of DESIGN §7, and its slots in order', () => {
    expect(build().fill(null, '123456')).toEqual({
      locale: 'EN',
      text: 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
      values: ['123456', '5 minutes'],
      dltTemplateId: null,
    });
    expect(formatOtpText('123456', 300)).toBe(
      'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
    );
    expect(formatOtpText('123456', 60)).toContain('Valid for 1 minute.');
  });

  it("picks the request locale's template (ll_RR, then ll) and falls back to EN", () => {
    const templates = build({
      templates: { HI: { text: HI, dltTemplateId: '1107160000000012346', validity: '{n} मिनट' } },
    });
    expect(templates.locales).toEqual(['EN', 'HI']);
    for (const locale of ['hi', 'HI', 'hi-IN', 'hi_IN']) {
      expect(templates.fill(locale, '482913')).toEqual({
        locale: 'HI',
        text: 'एजेंट मित्र: आपका सत्यापन कोड 482913 है। यह 5 मिनट तक मान्य है।',
        values: ['482913', '5 मिनट'],
        dltTemplateId: '1107160000000012346',
      });
    }
    for (const locale of ['fr', 'en-US', '', 'not a locale', null]) {
      expect(templates.fill(locale, '482913').locale).toBe('EN');
    }
  });

  it('puts the Android hash and the WebOTP line only where the template has slots for them', () => {
    const options = { androidAppHash: 'FA+9qCX9VSu', webOtpDomain: 'otp.agentmitra.in' };
    expect(build(options).fill(null, '482913').text).toBe(
      'Your Agent Mitra verification code is: 482913. Valid for 5 minutes.',
    );
    const both = build({
      ...options,
      templates: { EN: { text: 'Agent Mitra code {#var#}, valid {#var#}. {#var#}\n{#var#}' } },
    });
    expect(both.fill(null, '482913').text).toBe(
      'Agent Mitra code 482913, valid 5 minutes. FA+9qCX9VSu\n@otp.agentmitra.in #482913',
    );
    const webOtpOnly = build({
      webOtpDomain: 'otp.agentmitra.in',
      templates: { EN: { text: 'Agent Mitra code {#var#}, valid {#var#}.\n\n{#var#}' } },
    });
    expect(webOtpOnly.fill(null, '482913').values).toEqual([
      '482913',
      '5 minutes',
      '@otp.agentmitra.in #482913',
    ]);
  });

  it('refuses at start a template whose slots it cannot fill, showing the template and the problem', () => {
    const problems = problemsOf({
      templates: {
        EN: { text: 'Code {#var#} for {#var#} on {#var#}' },
        TA: { text: 'Agent Mitra code without a slot' },
      },
    });
    expect(problems).toEqual([
      'OTP_SMS_TEMPLATE_EN: "Code {#var#} for {#var#} on {#var#}" has 3 {#var#} slots but only 2 can be filled (code, validity); register a template with fewer slots, or set OTP_ANDROID_APP_HASH / OTP_WEBOTP_DOMAIN for the extra lines',
      'OTP_SMS_TEMPLATE_TA: "Agent Mitra code without a slot" has no {#var#} slot for the code',
    ]);
  });

  it('refuses a slot whose value could exceed DLT_VAR_MAX_LENGTH, and a WebOTP slot not alone on the last line', () => {
    const problems = problemsOf({
      varMaxLength: 20,
      webOtpDomain: 'login.verification.agentmitra.in',
      templates: {
        EN: { text: 'Code {#var#} valid {#var#} {#var#} end' },
        HI: { text: HI, validity: '{n} मिनट तक, कृपया किसी से साझा न करें' },
      },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^OTP_SMS_TEMPLATE_EN: .*the webotp slot can take 45 characters, more than DLT_VAR_MAX_LENGTH=20/,
      ),
      expect.stringMatching(/^OTP_SMS_TEMPLATE_EN: .*the WebOTP slot must be alone on the last line/),
      expect.stringMatching(/^OTP_SMS_TEMPLATE_HI: .*the validity slot can take 36 characters/),
    ]);
    // A caller-chosen code can have 10 digits: a 9-character limit could not hold it.
    expect(problemsOf({ varMaxLength: 9 })[0]).toContain('the code slot can take 10 characters');
  });
});
