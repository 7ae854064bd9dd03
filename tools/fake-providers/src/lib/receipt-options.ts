import type { Msg91StatusWord } from './msg91-reports';
import type { MetaStatusWord, TwilioStatusWord } from './status-webhooks';
import type { FakeMessage, FakeProviderName } from './types';

/** One status webhook a fake posts after it accepted a message. */
export interface ScriptedStatus<S extends string> {
  readonly status: S;
  /** When the webhook is posted, in ms after the send was accepted. */
  readonly afterMs: number;
  /** When the event says it happened (Meta's `timestamp`), in ms after the send; default `afterMs`. */
  readonly eventAfterMs?: number;
  /** Meta `failed` (default 131026), Twilio `undelivered` (default 30003) or `failed` (default 30008). */
  readonly errorCode?: number;
  /** Posts the same webhook this many times, as a provider retrying (default 1). */
  readonly times?: number;
}

/** The statuses for numbers ending in `numberEndsWith` (digits; '' = every number); first match wins. */
export type ReceiptRule =
  | {
      readonly provider: 'whatsapp';
      readonly numberEndsWith: string;
      readonly statuses: readonly ScriptedStatus<MetaStatusWord>[];
    }
  | {
      readonly provider: 'twilio';
      readonly numberEndsWith: string;
      readonly statuses: readonly ScriptedStatus<TwilioStatusWord>[];
    }
  | {
      readonly provider: 'msg91';
      readonly numberEndsWith: string;
      readonly statuses: readonly ScriptedStatus<Msg91StatusWord>[];
    };

export interface ReceiptOptions {
  /** Where Meta's status webhooks go (e.g. http://127.0.0.1:8016/webhooks/whatsapp), and the app secret. */
  readonly whatsapp?: { readonly url: string; readonly appSecret?: string };
  /**
   * Twilio posts to the send's StatusCallback, else to `url`; signed with the fake's auth token. `via`
   * is an origin to connect to instead (a tunnel or proxy): the signature still covers the URL Twilio
   * was given, as it does in production behind one.
   */
  readonly twilio?: { readonly url?: string; readonly via?: string };
  /**
   * Where MSG91's delivery reports go, secret included, as set in its panel: e.g.
   * http://127.0.0.1:8016/webhooks/msg91/status?secret=<MSG91_WEBHOOK_SECRET>. Unset: none posted.
   */
  readonly msg91?: { readonly url: string };
  readonly rules?: readonly ReceiptRule[];
  /** Called after each post with the answer it got (the CLI prints it). */
  readonly onPosted?: (receipt: PostedReceipt) => void;
}

/** What a number matching no rule gets: sent, then delivered. */
export const DEFAULT_RECEIPT_STATUSES = [
  { status: 'sent', afterMs: 200 },
  { status: 'delivered', afterMs: 1_000 },
] as const;
/** What an MSG91 number matching no rule gets: delivered (MSG91 reports only the final outcome). */
export const DEFAULT_MSG91_RECEIPT_STATUSES = [{ status: 'delivered', afterMs: 1_000 }] as const;
export const DEFAULT_META_APP_SECRET = 'fake-whatsapp-app-secret';
/** The `?secret=` the CLI's MSG91 reports carry unless MSG91_WEBHOOK_SECRET is set. */
export const DEFAULT_MSG91_WEBHOOK_SECRET = 'fake-msg91-webhook-secret';

export interface PostedReceipt {
  readonly provider: FakeProviderName;
  readonly messageId: string;
  readonly status: string;
  readonly url: string;
  /** The HTTP status the webhooks app answered; 0 when it could not be reached. */
  readonly answer: number;
}

export interface FakeReceipts {
  /** Every status webhook posted, in order, with the answer it got. */
  readonly posted: readonly PostedReceipt[];
  /** Resolves once every scheduled webhook has been posted and answered. */
  settled(): Promise<void>;
  /** Posts one status for a message the fake accepted, now. */
  post(message: FakeMessage, status: ScriptedStatus<string>): Promise<PostedReceipt>;
}
