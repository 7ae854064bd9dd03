import { randomUUID } from 'node:crypto';
import type { GraphSettings } from './graph-api';
import { MSG91_REPORT_HEADERS, msg91DeliveryReportForm, type Msg91StatusWord } from './msg91-reports';
import {
  DEFAULT_META_APP_SECRET,
  DEFAULT_MSG91_RECEIPT_STATUSES,
  DEFAULT_RECEIPT_STATUSES,
  type FakeReceipts,
  type PostedReceipt,
  type ReceiptOptions,
  type ScriptedStatus,
} from './receipt-options';
import {
  metaSignature,
  metaStatusNotification,
  twilioCallbackHeaders,
  twilioStatusCallbackForm,
  type MetaStatusWord,
  type TwilioStatusWord,
} from './status-webhooks';
import type { TwilioCredentials } from './twilio-api';
import { postWebhook, type WebhookPost } from './webhook-post';
import type { FakeMessage } from './types';

const digits = (phone: string) => phone.replace(/\D/g, '');

/**
 * Posts signed status webhooks for the messages the fakes accept, on the schedule the rules give.
 * The fake does not retry a refused post (the real providers do); `times` repeats one on purpose.
 */
export class ReceiptSender implements FakeReceipts {
  readonly posted: PostedReceipt[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private aborter = new AbortController();
  /** Bumped by `stop`: posts aborted by it are not recorded. */
  private generation = 0;
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly options: ReceiptOptions,
    private readonly twilio: TwilioCredentials,
    private readonly graph: GraphSettings,
  ) {}

  /** Schedules the scripted statuses of a message just accepted. */
  schedule(message: FakeMessage): void {
    if (!this.configured(message)) return;
    const acceptedAt = Date.now();
    for (const scripted of this.statusesFor(message)) {
      this.pending += 1;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.postTimes(message, scripted, acceptedAt)
          .catch(() => undefined) // a callback URL that cannot be read: nothing to post
          .finally(() => this.done());
      }, scripted.afterMs);
      this.timers.add(timer);
    }
  }

  post(message: FakeMessage, status: ScriptedStatus<string>): Promise<PostedReceipt> {
    if (!this.configured(message)) {
      return Promise.reject(new Error(`no ${message.provider} receipt URL is configured`));
    }
    return this.postOnce(
      this.target(message, status, Date.now() - status.afterMs, randomUUID()),
      message,
      status,
    );
  }

  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Cancels what is scheduled or in flight; `posted` is kept unless `forget`. */
  stop(forget = false): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.pending -= this.timers.size;
    this.timers.clear();
    this.aborter.abort();
    this.aborter = new AbortController();
    this.generation += 1;
    if (forget) this.posted.length = 0;
    if (this.pending <= 0) this.release();
  }

  private configured(message: FakeMessage): boolean {
    if (message.provider === 'whatsapp') return this.options.whatsapp !== undefined;
    if (message.provider === 'msg91') return this.options.msg91 !== undefined;
    return (
      this.options.twilio !== undefined && (message.statusCallback ?? this.options.twilio.url) !== undefined
    );
  }

  private statusesFor(message: FakeMessage): readonly ScriptedStatus<string>[] {
    const number = digits(message.to);
    const rule = this.options.rules?.find(
      (candidate) => candidate.provider === message.provider && number.endsWith(candidate.numberEndsWith),
    );
    if (rule) return rule.statuses;
    return message.provider === 'msg91' ? DEFAULT_MSG91_RECEIPT_STATUSES : DEFAULT_RECEIPT_STATUSES;
  }

  private async postTimes(message: FakeMessage, scripted: ScriptedStatus<string>, acceptedAt: number) {
    const target = this.target(message, scripted, acceptedAt, randomUUID());
    for (let n = 0; n < (scripted.times ?? 1); n += 1) await this.postOnce(target, message, scripted);
  }

  private target(message: FakeMessage, scripted: ScriptedStatus<string>, acceptedAt: number, token: string) {
    const at = acceptedAt + (scripted.eventAfterMs ?? scripted.afterMs);
    if (message.provider === 'whatsapp') {
      const { url, appSecret = DEFAULT_META_APP_SECRET } = this.options.whatsapp ?? { url: '' };
      const body = JSON.stringify(
        metaStatusNotification({
          wamid: message.id,
          status: scripted.status as MetaStatusWord,
          at,
          recipientId: digits(message.to),
          phoneNumberId: this.graph.phoneNumberId,
          errorCode: scripted.errorCode,
        }),
      );
      const headers = {
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(appSecret, body),
        'user-agent': 'facebookexternalua',
      };
      return { url, body, headers, connectTo: url };
    }
    if (message.provider === 'msg91') {
      const url = this.options.msg91?.url ?? '';
      const form = msg91DeliveryReportForm({
        requestId: message.requestId,
        status: scripted.status as Msg91StatusWord,
        to: message.to,
        sender: message.sender,
        at,
      });
      return {
        url,
        body: new URLSearchParams(form).toString(),
        headers: MSG91_REPORT_HEADERS,
        connectTo: url,
      };
    }
    const url = message.statusCallback ?? this.options.twilio?.url ?? '';
    const form = twilioStatusCallbackForm({
      accountSid: this.twilio.accountSid,
      messageSid: message.sid,
      status: scripted.status as TwilioStatusWord,
      to: message.to,
      from: message.from,
      messagingServiceSid: message.messagingServiceSid,
      errorCode: scripted.errorCode,
      at,
    });
    const headers = twilioCallbackHeaders(this.twilio.authToken, url, form, token);
    const via = this.options.twilio?.via;
    const connectTo = via ? new URL(new URL(url).pathname + new URL(url).search, via).href : url;
    return { url, body: new URLSearchParams(form).toString(), headers, connectTo };
  }

  private async postOnce(target: WebhookPost, message: FakeMessage, scripted: ScriptedStatus<string>) {
    const generation = this.generation;
    const answer = await postWebhook(target, this.aborter.signal);
    const posted: PostedReceipt = {
      provider: message.provider,
      messageId:
        message.provider === 'whatsapp'
          ? message.id
          : message.provider === 'twilio'
            ? message.sid
            : message.requestId,
      status: scripted.status,
      url: target.url,
      answer,
    };
    if (generation === this.generation) {
      this.posted.push(posted);
      this.options.onPosted?.(posted);
    }
    return posted;
  }

  private done(): void {
    this.pending -= 1;
    if (this.pending <= 0) this.release();
  }

  private release(): void {
    this.pending = Math.max(0, this.pending);
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
