import {
  Msg91SmsChannel,
  NO_BREAKERS,
  RoutedSmsChannel,
  SmsRouteTable,
  TwilioSmsChannel,
  WhatsAppCloudChannel,
  type ChannelSet,
  type CircuitBreakers,
  type OtpChannel,
  type ProviderClientOptions,
  type SmsTemplates,
} from '@agent-mitra/channels';
import { ConfigError, type Config } from '@agent-mitra/config';
import type { SmsProviderName } from '@agent-mitra/contract';
import type { Logger, Metrics } from '@agent-mitra/observability';
import { createSmsTemplates } from './sms-templates';

export interface ChannelOptions {
  /** The checked DLT templates (createSmsTemplates); built from the config when absent. */
  readonly templates?: SmsTemplates;
  /** The SMS providers' breakers (on the store in the apps); none when absent. */
  readonly breakers?: CircuitBreakers;
}

/** The SMS providers with credentials: Twilio (account SID and a sender), MSG91 (auth key and EN template). */
function smsProviders(config: Config, common: ProviderClientOptions, templates: SmsTemplates) {
  const { twilio, msg91 } = config;
  const orphans = Object.keys(msg91.templateIds).filter((locale) => !templates.locales.includes(locale));
  if (orphans.length > 0) {
    throw new ConfigError(
      orphans.map(
        (locale) =>
          `MSG91_TEMPLATE_ID_${locale}: set OTP_SMS_TEMPLATE_${locale}, whose slots fill its variables`,
      ),
    );
  }
  const providers = new Map<SmsProviderName, OtpChannel>();
  if (twilio.accountSid && (twilio.phoneNumber || twilio.messagingServiceSid)) {
    const channel = new TwilioSmsChannel({
      ...common,
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      phoneNumber: twilio.phoneNumber,
      messagingServiceSid: twilio.messagingServiceSid,
      apiUrl: twilio.apiUrl,
      webhooksPublicUrl: config.webhooks.publicUrl,
      templates,
    });
    providers.set('twilio', channel);
  }
  if (msg91.authKey && msg91.templateIds['EN']) {
    const channel = new Msg91SmsChannel({
      ...common,
      authKey: msg91.authKey,
      apiUrl: msg91.apiUrl,
      templateIds: msg91.templateIds,
      senderId: msg91.senderId,
      templates,
    });
    providers.set('msg91', channel);
  }
  return providers;
}

/**
 * The real channels this process can use, from the provider credentials in the config (DESIGN §10).
 * SMS is one routed channel over Twilio and MSG91 (SMS_ROUTES per country, failover on outages, the
 * breakers); WhatsApp needs WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID. Each provider keeps one
 * keep-alive pool for all its sends and closes it in close(), which Runtime.close() calls. Throws a
 * ConfigError when an SMS template cannot be filled exactly.
 */
export function createChannels(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  options: ChannelOptions = {},
): ChannelSet {
  const templates = options.templates ?? createSmsTemplates(config);
  const common: ProviderClientOptions = { ...config.providers, logger, metrics };
  const providers = smsProviders(config, common, templates);
  const routes = new SmsRouteTable(config.sms.routes, new Set(providers.keys()));
  const sms =
    providers.size === 0
      ? null
      : new RoutedSmsChannel({
          providers,
          routes,
          breakers: options.breakers ?? NO_BREAKERS,
          retryBudgetMs: config.providers.retryBudgetMs,
          logger,
          metrics,
        });
  const { whatsapp } = config;
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
  const named = new Set(config.sms.routes.flatMap((route) => route.providers));
  const skipped = [...named].filter((provider) => !providers.has(provider));
  if (skipped.length > 0 && providers.size > 0) {
    logger.warn({ skipped }, 'SMS_ROUTES names providers without credentials; they are skipped');
  }
  const msg91Locales = Object.keys(config.msg91.templateIds);
  const englishOnly = providers.has('msg91')
    ? templates.locales.filter((l) => !msg91Locales.includes(l))
    : [];
  if (englishOnly.length > 0) {
    logger.warn(
      { locales: englishOnly },
      'MSG91 has no template for these locales (MSG91_TEMPLATE_ID_<LOCALE>); it sends them the EN text',
    );
  }
  logger.info(
    {
      sms: [...providers.keys()],
      sms_routes: config.sms.routes.map((r) => `${r.country}:${r.providers.join('>')}`).join(','),
      sms_locales: templates.locales,
      whatsapp: whatsappChannel ? 'whatsapp' : null,
    },
    'channels configured',
  );
  return { sms, whatsapp: whatsappChannel };
}
