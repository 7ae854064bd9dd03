/**
 * MSG91's SMS delivery reports as its "Webhook" (v2) posts them, for the fake to send to the webhooks
 * app (msg91.com/help, "How to use Webhook to get the delivery report on the desired URL"):
 * `Content-Type: application/x-www-form-urlencoded`, one field `data` holding a JSON string
 * `[{senderId, requestId, report: [{date, number, status, desc, failedReason, …}], userId, campaignName}]`.
 * `status` is MSG91's code (1 Delivered, 2 Failed, 9 NDNC, 16/25 Rejected, 17 Blocked number), `desc`
 * its word, `date` the carrier's time in IST (`2024-05-22 10:06:20`). MSG91 signs nothing: the receiver
 * is authenticated by the `?secret=` the account put in the webhook URL (DESIGN §10), so the URL given
 * here already carries it. MSG91 reports only the final outcome (no `sent`).
 */

/** The outcomes the fake can report, named by MSG91's `desc` words. */
export type Msg91StatusWord = 'delivered' | 'failed' | 'rejected' | 'ndnc' | 'blocked';

export const MSG91_STATUS_WORDS: readonly Msg91StatusWord[] = [
  'delivered',
  'failed',
  'rejected',
  'ndnc',
  'blocked',
];

const REPORT: Readonly<Record<Msg91StatusWord, { code: string; desc: string; failedReason: string }>> = {
  delivered: { code: '1', desc: 'DELIVERED', failedReason: '' },
  failed: { code: '2', desc: 'FAILED', failedReason: 'Absent Subscriber' },
  ndnc: { code: '9', desc: 'NDNC', failedReason: 'NDNC' },
  rejected: { code: '16', desc: 'REJECTED', failedReason: 'DLT template mismatch' },
  blocked: { code: '17', desc: 'BLOCKED', failedReason: 'Blocked number' },
};

/** A fixed sender and account, in the shape of MSG91's own samples. */
const USER_ID = '271234';
const IST_MS = (5 * 60 + 30) * 60_000;

export interface Msg91ReportInput {
  /** The request id the send answered (the message id). */
  readonly requestId: string;
  readonly status: Msg91StatusWord;
  /** `+` and digits, or digits. */
  readonly to: string;
  readonly sender: string | null;
  /** Event time, Unix ms. */
  readonly at: number;
}

/** `YYYY-MM-DD hh:mm:ss` in IST, as MSG91 writes report times. */
export function msg91ReportTime(at: number): string {
  return new Date(at + IST_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The form fields of one v2 delivery report (one request, one recipient). */
export function msg91DeliveryReportForm(input: Msg91ReportInput): Record<string, string> {
  const outcome = REPORT[input.status];
  const report = {
    date: msg91ReportTime(input.at),
    number: input.to.replace(/\D/g, ''),
    status: outcome.code,
    desc: outcome.desc,
    failedReason: outcome.failedReason,
  };
  const data = [
    {
      senderId: input.sender ?? 'AGMTRA',
      requestId: input.requestId,
      report: [report],
      userId: USER_ID,
      campaignName: 'API',
    },
  ];
  return { data: JSON.stringify(data) };
}

/** Headers of the report POST: form-encoded, no signature (MSG91 signs nothing). */
export const MSG91_REPORT_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/x-www-form-urlencoded',
};
