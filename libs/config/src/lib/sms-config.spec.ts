import { ConfigError, DEFAULT_SMS_TEMPLATE_EN, loadConfig as loadAnyConfig } from '../index';

/** Development mode unless the test says otherwise (an unset NODE_ENV is production: DESIGN §2). */
const loadConfig = (env: Record<string, string>) => loadAnyConfig({ NODE_ENV: 'development', ...env });

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('SMS routing and DLT settings', () => {
  it('defaults: every country to Twilio, breaker 5 failures / 30 s, the EN template of DESIGN §7', () => {
    const config = loadConfig({});
    expect(config.sms).toEqual({
      routes: [{ country: '*', providers: ['twilio'] }],
      failureThreshold: 5,
      cooldownSeconds: 30,
      templates: { EN: { text: DEFAULT_SMS_TEMPLATE_EN, dltTemplateId: undefined, validity: undefined } },
      dltVarMaxLength: 30,
      webOtpDomain: undefined,
    });
    expect(config.msg91).toMatchObject({ authKey: undefined, apiUrl: 'https://control.msg91.com' });
    expect(config.whatsapp.authTemplate).toEqual({
      languages: ['en'],
      otpButton: 'copy_code',
      zeroTapTermsAccepted: false,
      androidPackageName: undefined,
    });
  });

  it('reads SMS_ROUTES in order of preference and adds *:twilio when no * is given', () => {
    expect(loadConfig({ SMS_ROUTES: 'IN:msg91>twilio, AE:twilio' }).sms.routes).toEqual([
      { country: 'IN', providers: ['msg91', 'twilio'] },
      { country: 'AE', providers: ['twilio'] },
      { country: '*', providers: ['twilio'] },
    ]);
    expect(loadConfig({ SMS_ROUTES: 'IN:msg91,*:msg91>twilio' }).sms.routes).toHaveLength(2);
  });

  it('refuses unknown providers, repeated countries and malformed entries, quoting each', () => {
    const problems = problemsOf({
      SMS_ROUTES: 'IN:msg91>sinch,in:twilio,IN:twilio>twilio,US:twilio,US:msg91',
    });
    expect(problems).toHaveLength(4);
    const joined = problems.join('\n');
    for (const part of ['IN:msg91>sinch', 'in:twilio', 'IN:twilio>twilio', 'US has more than one route']) {
      expect(joined).toContain(part);
    }
    expect(problems.every((problem) => problem.startsWith('SMS_ROUTES: '))).toBe(true);
  });

  it('reads templates, DLT ids and MSG91 template ids per locale', () => {
    const config = loadConfig({
      OTP_SMS_TEMPLATE_HI: 'एजेंट मित्र सत्यापन कोड {#var#} है। {#var#} तक मान्य।',
      DLT_TEMPLATE_ID_EN: '1107160000000012345',
      DLT_TEMPLATE_ID_HI: '1107160000000012346',
      MSG91_AUTH_KEY: 'msg91-key',
      MSG91_TEMPLATE_ID: '65f1c0ffee0123456789abcd',
      MSG91_TEMPLATE_ID_HI: '65f1c0ffee0123456789abce',
      MSG91_API_URL: 'http://127.0.0.1:9/',
      OTP_SMS_VALIDITY_HI: '{n} मिनट',
    });
    expect(config.sms.templates['HI']).toEqual({
      text: 'एजेंट मित्र सत्यापन कोड {#var#} है। {#var#} तक मान्य।',
      dltTemplateId: '1107160000000012346',
      validity: '{n} मिनट',
    });
    expect(config.sms.templates['EN']?.dltTemplateId).toBe('1107160000000012345');
    expect(config.msg91).toMatchObject({
      templateIds: { EN: '65f1c0ffee0123456789abcd', HI: '65f1c0ffee0123456789abce' },
      apiUrl: 'http://127.0.0.1:9',
    });
  });

  it('refuses a malformed locale suffix, a DLT id without its text, and MSG91 without its EN template', () => {
    const problems = problemsOf({
      OTP_SMS_TEMPLATE_hindi: 'x {#var#}',
      DLT_TEMPLATE_ID_TA: '1107160000000012347',
      MSG91_AUTH_KEY: 'msg91-key',
    }).join('\n');
    expect(problems).toContain('OTP_SMS_TEMPLATE_hindi: the suffix must be a locale');
    expect(problems).toContain('DLT_TEMPLATE_ID_TA: set OTP_SMS_TEMPLATE_TA');
    expect(problems).toContain('MSG91_TEMPLATE_ID: required when MSG91_AUTH_KEY is set');
  });

  it('requires a real MSG91 webhook secret in production when MSG91 sends', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      OTP_HASH_SECRET: 'h'.repeat(40),
      OTP_TOKEN_SECRET: 't'.repeat(40),
      GATEWAY_API_KEYS: 'key-one',
      GRPC_AUTH_TOKENS: 'token-one',
      MSG91_AUTH_KEY: 'msg91-key',
      MSG91_TEMPLATE_ID: '65f1c0ffee0123456789abcd',
    });
    expect(problems.join('\n')).toContain('MSG91_WEBHOOK_SECRET');
  });

  it('needs the Android package and hash for one-tap and zero-tap WhatsApp buttons', () => {
    expect(problemsOf({ WHATSAPP_OTP_BUTTON: 'one_tap' }).join('\n')).toContain('OTP_ANDROID_PACKAGE_NAME');
    const config = loadConfig({
      WHATSAPP_OTP_BUTTON: 'zero_tap',
      WHATSAPP_ZERO_TAP_TERMS_ACCEPTED: 'true',
      OTP_ANDROID_PACKAGE_NAME: 'in.agentmitra.app',
      OTP_ANDROID_APP_HASH: 'FA+9qCX9VSu',
      WHATSAPP_TEMPLATE_LANGUAGES: 'en, hi,en',
    });
    expect(config.whatsapp.authTemplate).toEqual({
      languages: ['en', 'hi'],
      otpButton: 'zero_tap',
      zeroTapTermsAccepted: true,
      androidPackageName: 'in.agentmitra.app',
    });
  });
});
