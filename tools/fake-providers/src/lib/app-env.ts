import type { FakeProviders } from './fake-providers';

/** The sender number the fake Twilio accepts (Twilio's own magic test number). */
export const FAKE_TWILIO_SENDER = '+15005550006';

/**
 * The environment that points the apps' real SDKs at these fakes — Twilio (SMS) and the Graph API
 * (WhatsApp) — with mock mode off, as `npm run fake-providers` prints it. MSG91 is left out (add
 * `msg91: true`), since configuring it changes which provider carries +91 SMS (`SMS_ROUTES`).
 */
export function appEnv(fakes: FakeProviders, options: { msg91?: boolean } = {}): Record<string, string> {
  return {
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: FAKE_TWILIO_SENDER,
    TWILIO_API_URL: fakes.twilioUrl,
    WHATSAPP_API_URL: fakes.graphUrl,
    WHATSAPP_ACCESS_TOKEN: fakes.whatsapp.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: fakes.whatsapp.phoneNumberId,
    ...(options.msg91 ? { MSG91_API_URL: fakes.msg91Url, MSG91_AUTH_KEY: fakes.msg91.authKey } : {}),
  };
}
