import twilio from 'twilio';
import type { MessageListInstanceCreateOptions } from 'twilio/lib/rest/api/v2010/account/message';
import { createProviderHttp, type ProviderHttp } from '../http/provider-http';
import type { OtpChannel, OtpMessage, SendReceipt } from '../port';
import { callProvider } from '../provider-call';
import { callContextOf, type ProviderClientOptions } from '../provider-options';
import type { SmsTemplates } from '../sms-text/sms-templates';
import { classifyTwilioError } from './twilio-errors';
import { TwilioHttpClient } from './twilio-http-client';
import { twilioDeliveryStatus } from './twilio-status';

/** Where the webhooks app receives Twilio's status callbacks (DESIGN §5). */
export const TWILIO_STATUS_CALLBACK_PATH = '/webhooks/twilio/status';
/** Twilio accepts a ValidityPeriod of 1 to 36000 seconds. */
const MAX_VALIDITY_SECONDS = 36_000;

export interface TwilioSmsOptions extends ProviderClientOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Used as `From` when no Messaging Service is set. */
  readonly phoneNumber?: string | undefined;
  /** Preferred over phoneNumber when set: Twilio picks the sender from the service's pool. */
  readonly messagingServiceSid?: string | undefined;
  /** API origin instead of https://api.twilio.com (the fake providers, tests). */
  readonly apiUrl?: string | undefined;
  /** WEBHOOKS_PUBLIC_URL: when set, Twilio posts status callbacks to it. */
  readonly webhooksPublicUrl?: string | undefined;
  /** The DLT templates: the text sent is the request locale's template, filled (DESIGN §10). */
  readonly templates: SmsTemplates;
}

/** Seconds Twilio may keep the SMS queued: the code's remaining life, so a stale code is never delivered. */
export function validityPeriodSeconds(ttlSeconds: number): number {
  return Math.min(MAX_VALIDITY_SECONDS, Math.max(1, Math.floor(ttlSeconds)));
}

/** SMS through Twilio's Messages API with the official SDK, on our keep-alive pool and retry policy. */
export class TwilioSmsChannel implements OtpChannel {
  readonly channel = 'sms' as const;
  readonly provider = 'twilio' as const;
  private readonly http: ProviderHttp;
  private readonly client: twilio.Twilio;
  private readonly sender: { messagingServiceSid: string } | { from: string };
  private readonly statusCallback: string | undefined;

  constructor(private readonly options: TwilioSmsOptions) {
    if (options.messagingServiceSid) this.sender = { messagingServiceSid: options.messagingServiceSid };
    else if (options.phoneNumber) this.sender = { from: options.phoneNumber };
    else throw new Error('TwilioSmsChannel needs a phone number or a Messaging Service SID');
    this.statusCallback = options.webhooksPublicUrl
      ? `${options.webhooksPublicUrl.replace(/\/+$/, '')}${TWILIO_STATUS_CALLBACK_PATH}`
      : undefined;
    this.http = createProviderHttp(options);
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient: new TwilioHttpClient(this.http.client, options.timeoutMs),
    });
    // twilio 6 has no base-URL option; its Api domain builds every Messages URL from this field.
    if (options.apiUrl) this.client.api.baseUrl = options.apiUrl.replace(/\/+$/, '');
  }

  async send(message: OtpMessage): Promise<SendReceipt> {
    const params: MessageListInstanceCreateOptions = {
      to: message.to,
      body: this.options.templates.fill(message.locale, message.code).text,
      validityPeriod: validityPeriodSeconds(message.ttlSeconds),
      ...this.sender,
      ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
    };
    const context = callContextOf(this.provider, this.options, message);
    const created = await callProvider(
      context,
      () => this.client.messages.create(params),
      classifyTwilioError,
    );
    return {
      provider: 'twilio',
      messageId: created.sid,
      status: twilioDeliveryStatus(created.status) ?? 'queued',
    };
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }
}
