import { EnvFlags, FLAG_NAMES } from '../index';

describe('EnvFlags', () => {
  it('answers the configured values and off for unknown flags', () => {
    const flags = new EnvFlags({ mock_otp_enabled: true, sms_fallback_enabled: false });
    expect(flags.isEnabled(FLAG_NAMES.mockOtp, { userId: '+919876543210' })).toBe(true);
    expect(flags.isEnabled(FLAG_NAMES.smsFallback)).toBe(false);
    expect(flags.isEnabled('no_such_flag')).toBe(false);
    expect(flags.status()).toMatchObject({ source: 'env', synced: true });
  });

  it('tells who a flag is on for: everyone or nobody, from the environment', () => {
    const flags = new EnvFlags({ mock_otp_enabled: true, sms_fallback_enabled: false });
    expect(flags.exposure(FLAG_NAMES.mockOtp)).toEqual({ reach: 'everyone', source: 'env' });
    expect(flags.exposure(FLAG_NAMES.smsFallback)).toEqual({ reach: 'nobody', source: 'env' });
  });
});
