import { providerErrorMeaning } from '../index';

describe('providerErrorMeaning', () => {
  it('explains send-time codes from each provider table and Twilio delivery codes', () => {
    expect(providerErrorMeaning('whatsapp', '131026')).toMatch(/not a WhatsApp user/);
    expect(providerErrorMeaning('twilio', '21211')).toBe('the number is not a valid phone number');
    expect(providerErrorMeaning('twilio', '30003')).toMatch(/^unreachable destination handset/);
    expect(providerErrorMeaning('msg91', '418')).toMatch(/not whitelisted/);
  });

  it('answers null for a code it does not know, none, or one that is not a number', () => {
    expect(providerErrorMeaning('twilio', '99999')).toBeNull();
    expect(providerErrorMeaning('whatsapp', null)).toBeNull();
    expect(providerErrorMeaning('mock', '1')).toBeNull();
    expect(providerErrorMeaning('msg91', 'Auth failed')).toBeNull();
  });
});
