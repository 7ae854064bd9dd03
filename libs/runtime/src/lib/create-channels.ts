import {
  TwilioSmsChannel,
  WhatsAppCloudChannel,
  type ChannelSet,
  type ProviderClientOptions,
} from '@agent-mitra/channels';
import type { Config } from '@agent-mitra/config';
import type { Logger, Metrics } from '@agent-mitra/observability';

/**
 * The real channels this process can use, from the provider credentials in the config: SMS needs
 * TWILIO_ACCOUNT_SID and a sender (TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID); WhatsApp needs
 * WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID. Each channel keeps one keep-alive pool for all its
 * sends and closes it in close(), which Runtime.close() calls.
 */
export function createChannels(config: Config, logger: Logger, metrics: Metrics): ChannelSet {
  const common: ProviderClientOptions = { ...config.providers, logger, metrics };
  const { twilio, whatsapp } = config;
  const sms =
    twilio.accountSid && (twilio.phoneNumber || twilio.messagingServiceSid)
      ? new TwilioSmsChannel({
          ...common,
          accountSid: twilio.accountSid,
          authToken: twilio.authToken,
          phoneNumber: twilio.phoneNumber,
          messagingServiceSid: twilio.messagingServiceSid,
          apiUrl: twilio.apiUrl,
          webhooksPublicUrl: config.webhooks.publicUrl,
          androidAppHash: config.otp.androidAppHash,
        })
      : null;
  const whatsappChannel =
    whatsapp.accessToken && whatsapp.phoneNumberId
      ? new WhatsAppCloudChannel({
          ...common,
          apiUrl: whatsapp.apiUrl,
          accessToken: whatsapp.accessToken,
          phoneNumberId: whatsapp.phoneNumberId,
          templateName: whatsapp.templateName,
          templateLanguage: whatsapp.templateLanguage,
        })
      : null;
  logger.info(
    { sms: sms ? 'twilio' : null, whatsapp: whatsappChannel ? 'whatsapp' : null },
    'channels configured',
  );
  return { sms, whatsapp: whatsappChannel };
}
