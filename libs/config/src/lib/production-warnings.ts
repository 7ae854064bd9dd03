import type { Config } from './config';

/** A limit is "off in effect" above this many times its default (the defaults of DESIGN §6). */
export const LIMIT_WARNING_FACTOR = 10;

type OtpLimits = Pick<
  Config['otp'],
  | 'maxSendsPerWindow'
  | 'maxSendsPerIpPerMinute'
  | 'maxSendsPerMinute'
  | 'maxSendsPerPrefixPerHour'
  | 'maxSendsPerIpAndPhonePerWindow'
  | 'maxVerifyFailuresPerIpPerHour'
  | 'maxVerifyFailuresPerPhonePerDay'
>;

/** Each limit's variable and default: a value over {@link LIMIT_WARNING_FACTOR}× the default is warned. */
const LIMITS: ReadonlyArray<readonly [keyof OtpLimits, string, number]> = [
  ['maxSendsPerWindow', 'OTP_MAX_SENDS_PER_WINDOW', 5],
  ['maxSendsPerIpPerMinute', 'OTP_MAX_SENDS_PER_IP_PER_MINUTE', 300],
  ['maxSendsPerMinute', 'OTP_MAX_SENDS_PER_MINUTE', 600],
  ['maxSendsPerPrefixPerHour', 'OTP_MAX_SENDS_PER_PREFIX_PER_HOUR', 20],
  ['maxSendsPerIpAndPhonePerWindow', 'OTP_MAX_SENDS_PER_IP_AND_PHONE_PER_WINDOW', 3],
  ['maxVerifyFailuresPerIpPerHour', 'OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR', 100],
  ['maxVerifyFailuresPerPhonePerDay', 'OTP_MAX_VERIFY_FAILURES_PER_PHONE_PER_DAY', 20],
];

export interface ConfigWarning {
  /** The variable to look at. */
  readonly setting: string;
  readonly message: string;
}

/**
 * Settings production accepts but an operator should see at start (logged at warn by the runtime):
 * `OTP_ALLOWED_COUNTRIES=*` (codes to any destination, the door SMS pumping uses) and a send or verify
 * limit over 10× its default, which is off in effect; and, in every mode, MSG91 credentials that no
 * SMS_ROUTES entry uses.
 */
export function configWarnings(
  config: Pick<Config, 'isProduction'> & {
    readonly otp: OtpLimits & Pick<Config['otp'], 'allowedCountries'>;
    readonly sms?: Pick<Config['sms'], 'routes'>;
    readonly msg91?: Pick<Config['msg91'], 'authKey'>;
  },
): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  // In every mode: credentials for a provider no route uses look like a finished setup but send nothing.
  const routed = new Set((config.sms?.routes ?? []).flatMap((route) => route.providers));
  if (config.msg91?.authKey !== undefined && config.sms !== undefined && !routed.has('msg91')) {
    warnings.push({
      setting: 'SMS_ROUTES',
      message:
        "MSG91 is configured but no route names it: add it, e.g. SMS_ROUTES='IN:msg91>twilio,*:twilio'",
    });
  }
  if (!config.isProduction) return warnings;
  if (config.otp.allowedCountries === '*') {
    warnings.push({
      setting: 'OTP_ALLOWED_COUNTRIES',
      message:
        'codes may be sent to any country (SMS pumping targets expensive destinations); list the countries you serve',
    });
  }
  for (const [field, setting, fallback] of LIMITS) {
    if (config.otp[field] > fallback * LIMIT_WARNING_FACTOR) {
      warnings.push({
        setting,
        message: `over ${LIMIT_WARNING_FACTOR}× its default of ${fallback}: the limit is off in effect`,
      });
    }
  }
  return warnings;
}
