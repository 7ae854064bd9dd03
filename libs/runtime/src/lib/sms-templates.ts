import { SmsTemplates } from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';

/**
 * The DLT templates of every configured locale, checked once at start: a template the service cannot
 * fill exactly throws a ConfigError that shows the template and the problem, and the app stops.
 */
export function createSmsTemplates(config: Config): SmsTemplates {
  return SmsTemplates.fromConfig({
    templates: config.sms.templates,
    varMaxLength: config.sms.dltVarMaxLength,
    ttlSeconds: config.otp.ttlSeconds,
    androidAppHash: config.otp.androidAppHash,
    webOtpDomain: config.sms.webOtpDomain,
  });
}
