import {
  createProviderHttp,
  ProviderHttpError,
  retryAfterMs,
  type ProviderHttp,
} from '../http/provider-http';
import type { OtpChannel, OtpMessage, SendReceipt } from '../port';
import { callProvider } from '../provider-call';
import { ProviderError } from '../provider-error';
import { callContextOf, type ProviderClientOptions } from '../provider-options';
import { classifyGraphError } from './whatsapp-errors';
import { metaDeliveryStatus } from './whatsapp-status';
import {
  authenticationTemplatePayload,
  DEFAULT_TEMPLATE_LANGUAGES,
  templateLanguage,
} from './whatsapp-template';

/** Graph's answer when a template has no translation in the language asked for. */
const TEMPLATE_NOT_IN_LANGUAGE = '132001';

export interface WhatsAppCloudOptions extends ProviderClientOptions {
  /** Graph base with its version, e.g. https://graph.facebook.com/v18.0 (WHATSAPP_API_URL). */
  readonly apiUrl: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** An approved AUTHENTICATION template with a copy-code button. */
  readonly templateName: string;
  /** Language used when the request's locale is not mapped, and when a mapped translation is missing. */
  readonly templateLanguage: string;
  /** Locale → template language; default DEFAULT_TEMPLATE_LANGUAGES. */
  readonly languages?: Readonly<Record<string, string>> | undefined;
}

/**
 * Graph's send answer: `{messaging_product, contacts: [{input, wa_id}], messages: [{id, message_status}]}`.
 * Throws an `unknown` ProviderError when it has no message id.
 */
function receiptOf(data: unknown): SendReceipt {
  const messages =
    typeof data === 'object' && data !== null ? (data as { messages?: unknown }).messages : undefined;
  const first: unknown = Array.isArray(messages) ? messages[0] : undefined;
  const { id, message_status: status } = (typeof first === 'object' && first !== null ? first : {}) as {
    id?: unknown;
    message_status?: unknown;
  };
  if (typeof id !== 'string' || id === '') {
    // A 2xx means Graph took the message; without its id only the receipts can tell what became of it.
    throw new ProviderError(
      'whatsapp',
      'unknown',
      null,
      'WhatsApp accepted the message without a message id',
      false,
    );
  }
  return {
    provider: 'whatsapp',
    messageId: id,
    status: (typeof status === 'string' && metaDeliveryStatus(status)) || 'queued',
  };
}

/** WhatsApp through Meta's Cloud API (Graph `/{phone-number-id}/messages`) with an AUTHENTICATION template. */
export class WhatsAppCloudChannel implements OtpChannel {
  readonly channel = 'whatsapp' as const;
  readonly provider = 'whatsapp' as const;
  private readonly http: ProviderHttp;
  private readonly url: string;

  constructor(private readonly options: WhatsAppCloudOptions) {
    this.http = createProviderHttp(options);
    this.url = `${options.apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  }

  async send(message: OtpMessage): Promise<SendReceipt> {
    const fallback = this.options.templateLanguage;
    const language = templateLanguage(
      message.locale,
      fallback,
      this.options.languages ?? DEFAULT_TEMPLATE_LANGUAGES,
    );
    try {
      return await this.sendTemplate(message, language);
    } catch (error) {
      if (
        language === fallback ||
        !(error instanceof ProviderError) ||
        error.providerCode !== TEMPLATE_NOT_IN_LANGUAGE
      ) {
        throw error;
      }
      this.options.logger.warn(
        { request_id: message.requestId, provider: this.provider, language, fallback_language: fallback },
        'the WhatsApp OTP template has no approved translation in this language; sending the configured one',
      );
      return this.sendTemplate(message, fallback);
    }
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  private async sendTemplate(message: OtpMessage, language: string): Promise<SendReceipt> {
    const payload = authenticationTemplatePayload(
      message.to,
      message.code,
      this.options.templateName,
      language,
    );
    const context = callContextOf(this.provider, this.options, message);
    return receiptOf(await callProvider(context, () => this.post(payload), classifyGraphError));
  }

  private async post(payload: unknown): Promise<unknown> {
    const response = await this.http.client.post<unknown>(this.url, payload, {
      headers: { Authorization: `Bearer ${this.options.accessToken}`, 'Content-Type': 'application/json' },
    });
    if (response.status < 200 || response.status >= 300) {
      throw new ProviderHttpError(
        response.status,
        response.data,
        retryAfterMs(response.headers['retry-after']),
      );
    }
    return response.data;
  }
}
