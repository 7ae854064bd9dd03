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
import type { FilledSms, SmsTemplates } from '../sms-text/sms-templates';
import { classifyMsg91Error } from './msg91-errors';

/** MSG91's template ("flow") send API under its host root (docs.msg91.com, "Send SMS"). */
export const MSG91_FLOW_PATH = '/api/v5/flow';

export interface Msg91SmsOptions extends ProviderClientOptions {
  readonly authKey: string;
  /** Host root, https://control.msg91.com; the fake providers' URL in tests. */
  readonly apiUrl: string;
  /** LOCALE → MSG91 template ID (each mapped to its DLT template in MSG91's panel); EN is required. */
  readonly templateIds: Readonly<Record<string, string>>;
  /** Sent as `sender` when set (for templates whose sender is "FromAPI"); otherwise the template's own. */
  readonly senderId?: string | undefined;
  /** The same DLT templates Twilio fills: MSG91 gets their slot values as var1, var2, … */
  readonly templates: SmsTemplates;
}

/**
 * The flow API body: one recipient (digits with the country code, no `+`) whose variables are the
 * filled slots, in order, as `var1`, `var2`, … — the MSG91 template must name its variables `##var1##`,
 * `##var2##`, … in the same places as the DLT template's `{#var#}`. `unicode: 1` for non-Latin text.
 */
export function msg91FlowBody(to: string, filled: FilledSms, templateId: string, senderId?: string) {
  const variables = Object.fromEntries(filled.values.map((value, index) => [`var${index + 1}`, value]));
  return {
    template_id: templateId,
    short_url: '0',
    ...(senderId ? { sender: senderId } : {}),
    // eslint-disable-next-line no-control-regex -- GSM/ASCII test: anything past 0x7F needs Unicode SMS
    ...(/[^\x00-\x7F]/.test(filled.text) ? { unicode: 1 } : {}),
    recipients: [{ mobiles: to.replace(/^\+/, ''), ...variables }],
  };
}

/** MSG91 answers `{"type": "success", "message": "<request id>"}`; the request id is the message id. */
function receiptOf(data: unknown): SendReceipt {
  const { type, message } = (typeof data === 'object' && data !== null ? data : {}) as {
    type?: unknown;
    message?: unknown;
  };
  if (type !== 'success' || typeof message !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(message)) {
    throw new ProviderError('msg91', 'unavailable', null, 'MSG91 answered without a request id', false);
  }
  return { provider: 'msg91', messageId: message, status: 'queued' };
}

/** SMS through MSG91's flow API with the DLT template of the request's locale (DESIGN §10). */
export class Msg91SmsChannel implements OtpChannel {
  readonly channel = 'sms' as const;
  readonly provider = 'msg91' as const;
  private readonly http: ProviderHttp;
  private readonly url: string;

  constructor(private readonly options: Msg91SmsOptions) {
    if (!options.templateIds['EN']) throw new Error('Msg91SmsChannel needs the EN template id');
    this.http = createProviderHttp(options);
    this.url = `${options.apiUrl.replace(/\/+$/, '')}${MSG91_FLOW_PATH}`;
  }

  async send(message: OtpMessage): Promise<SendReceipt> {
    // A locale without its own MSG91 template goes out in EN, so text and template always agree.
    const picked = this.options.templates.pick(message.locale).locale;
    const filled = this.options.templates.fill(
      this.options.templateIds[picked] ? message.locale : 'EN',
      message.code,
    );
    const templateId = this.options.templateIds[filled.locale] ?? '';
    const body = msg91FlowBody(message.to, filled, templateId, this.options.senderId);
    const context = callContextOf(this.provider, this.options, message);
    return receiptOf(await callProvider(context, () => this.post(body), classifyMsg91Error));
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  /** MSG91 may answer an error with HTTP 200 and `type: "error"`: that is thrown like an HTTP error. */
  private async post(body: unknown): Promise<unknown> {
    const response = await this.http.client.post<unknown>(this.url, body, {
      headers: {
        authkey: this.options.authKey,
        accept: 'application/json',
        'content-type': 'application/json',
      },
    });
    const failed = (response.data as { type?: unknown } | null)?.type === 'error';
    if (failed || response.status < 200 || response.status >= 300) {
      throw new ProviderHttpError(
        response.status,
        response.data,
        retryAfterMs(response.headers['retry-after']),
      );
    }
    return response.data;
  }
}
