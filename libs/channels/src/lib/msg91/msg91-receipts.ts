import { timingSafeEqual, createHash } from 'node:crypto';
import {
  compactDetails,
  maskRecipient,
  type DeliveryReceipt,
  type IgnoredReceipt,
  type ReceiptBatch,
} from '../receipt';
import { msg91DeliveryStatus } from './msg91-status';

/** Where the webhooks app receives MSG91's delivery reports (DESIGN §10); `?secret=` authenticates them. */
export const MSG91_STATUS_PATH = '/webhooks/msg91/status';
/** MSG91 writes report times in Indian Standard Time without a zone: `2024-05-22 10:06:20`. */
const IST_OFFSET = '+05:30';
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 512) : undefined;
};

/** One recipient's report, whichever format it came in. */
interface Report {
  readonly requestId: string | undefined;
  readonly status: string | undefined;
  readonly desc: string | undefined;
  readonly date: string | undefined;
  readonly number: string | undefined;
  readonly failedReason: string | undefined;
  readonly dltTemplateId: string | undefined;
}

/**
 * The reports in a delivery webhook body, in the formats MSG91 documents (msg91.com/help, "How to use
 * Webhook to get the delivery report" and "Webhook (New)"):
 * - v2, form-encoded: `data` = a JSON string `[{requestId, senderId, report: [{date, number, status,
 *   desc, failedReason…}], userId, campaignName}]` (the same array posted as JSON is read too);
 * - v3, JSON: one object `{requestId, date, number, status, desc, senderId…}`;
 * - Webhook (New), JSON: the fields the account picked, `{requestId, status, deliveryTime, telNum,
 *   failureReason, DLT_TE_ID…}`, one recipient per call.
 * Null when the body is none of these.
 */
function reportsOf(body: unknown): Report[] | null {
  let payload: unknown = body;
  if (isObject(body) && typeof body['data'] === 'string') {
    try {
      payload = JSON.parse(body['data']) as unknown;
    } catch {
      return null;
    }
  }
  const items = Array.isArray(payload) ? payload : [payload];
  if (items.length === 0 || !items.every(isObject)) return null;
  const reports: Report[] = [];
  for (const item of items as Json[]) {
    const requestId = text(item['requestId']) ?? text(item['request_id']);
    const nested = Array.isArray(item['report']) ? item['report'].filter(isObject) : [item];
    for (const r of nested) {
      reports.push({
        requestId,
        status: text(r['status']),
        desc: text(r['desc']) ?? text(r['description']),
        date: text(r['date']) ?? text(r['deliveryTime']),
        number: text(r['number']) ?? text(r['telNum']),
        failedReason: text(r['failedReason']) ?? text(r['failureReason']),
        dltTemplateId: text(r['DLT_TE_ID']) ?? text(item['DLT_TE_ID']),
      });
    }
  }
  return reports;
}

/** `2024-05-22 10:06:20` (IST), Unix seconds or milliseconds → ms; null when unreadable. */
export function msg91Time(value: string | undefined): number | null {
  if (value === undefined) return null;
  const local = LOCAL_TIME.exec(value);
  if (local) {
    const ms = Date.parse(`${local[1]}T${local[2]}${IST_OFFSET}`);
    return Number.isNaN(ms) ? null : ms;
  }
  if (/^\d{10}$/.test(value)) return Number(value) * 1000;
  if (/^\d{13}$/.test(value)) return Number(value);
  return null;
}

/**
 * Reads one (secret-checked) MSG91 delivery webhook into receipts: the request id is the message id
 * the send answered; `at` is the report's time (IST) or the time received. The dedupe key is the status
 * and its time, so a repeated report is stored once. Null when the body is not an MSG91 report, or no
 * report in it has a request id and a status.
 */
export function parseMsg91Reports(body: unknown, receivedAt: number): ReceiptBatch | null {
  const reports = reportsOf(body);
  if (reports === null) return null;
  const receipts: DeliveryReceipt[] = [];
  const ignored: IgnoredReceipt[] = [];
  for (const r of reports) {
    const messageId =
      r.requestId !== undefined && /^[A-Za-z0-9_-]{6,64}$/.test(r.requestId) ? r.requestId : undefined;
    if (messageId === undefined || (r.status === undefined && r.desc === undefined)) {
      ignored.push({ messageId: messageId ?? null, providerStatus: null, reason: 'malformed' });
      continue;
    }
    const status = msg91DeliveryStatus(r.status, r.desc);
    const word = (r.desc ?? r.status ?? '').toLowerCase().slice(0, 64);
    if (status === null) {
      ignored.push({ messageId, providerStatus: word, reason: 'unknown_status' });
      continue;
    }
    const at = msg91Time(r.date);
    const failed = status === 'failed' || status === 'undelivered';
    receipts.push({
      provider: 'msg91',
      messageId,
      status,
      at: at ?? receivedAt,
      receivedAt,
      dedupeKey: `${r.status ?? word}:${at ?? ''}`,
      errorCode: failed ? (r.status ?? null) : null,
      errorMessage: failed ? (r.failedReason ?? r.desc ?? null) : null,
      recipientMasked: maskRecipient(r.number),
      details: compactDetails({
        provider_status: word === status ? undefined : word,
        dlt_template_id: r.dltTemplateId,
      }),
    });
  }
  // Not one readable report: this is no MSG91 report at all (or the webhook's fields miss requestId).
  if (ignored.length > 0 && ignored.every((item) => item.reason === 'malformed')) return null;
  return { receipts, ignored };
}

/**
 * Compares the `secret` of the callback URL with MSG91_WEBHOOK_SECRET in constant time (digests hide
 * the length). MSG91 signs nothing, so this secret is all that authenticates a report.
 */
export function isValidMsg91Secret(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
