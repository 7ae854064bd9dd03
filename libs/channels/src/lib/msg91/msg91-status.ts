import type { DeliveryStatus } from '@agent-mitra/contract';

/**
 * The delivery report statuses MSG91 documents for its SMS webhook ("How to use Webhook to get the
 * delivery report", msg91.com/help): 1 Delivered, 2 Failed, 9 NDNC (promotional only), 16 and 25
 * Rejected, 17 Blocked number. Reports also carry the word (`desc`: DELIVERED, FAILED, …).
 */
export const MSG91_REPORT_CODES = ['1', '2', '9', '16', '17', '25'] as const;
export type Msg91ReportCode = (typeof MSG91_REPORT_CODES)[number];

export function isMsg91ReportCode(value: string): value is Msg91ReportCode {
  return (MSG91_REPORT_CODES as readonly string[]).includes(value);
}

/**
 * MSG91's code → ours. 2 (Failed) is a carrier's report that the phone did not get it: `undelivered`,
 * like Twilio's. 9, 16, 17, 25 are refusals before delivery (DND registry, operator rejection — DLT
 * mismatches land here — blocked number): `failed`.
 */
export function msg91StatusToDelivery(code: Msg91ReportCode): DeliveryStatus {
  switch (code) {
    case '1':
      return 'delivered';
    case '2':
      return 'undelivered';
    case '9':
    case '16':
    case '17':
    case '25':
      return 'failed';
  }
}

/**
 * The same for a report's word, for reports that carry a word and no documented code (the newer
 * "Webhook (New)" lets the account choose its fields). Null when we have no word for it.
 */
function msg91WordToDelivery(word: string): DeliveryStatus | null {
  switch (word.trim().toLowerCase()) {
    case 'delivered':
      return 'delivered';
    case 'failed':
      return 'undelivered';
    case 'rejected':
    case 'ndnc':
    case 'dnd':
    case 'blocked':
    case 'blocked number':
      return 'failed';
    case 'sent':
    case 'submitted':
      return 'sent';
    default:
      return null;
  }
}

/** A report's status code or word → ours; the code wins when it is one MSG91 documents. Null: ignore it. */
export function msg91DeliveryStatus(
  code: string | undefined,
  word: string | undefined,
): DeliveryStatus | null {
  const trimmed = code?.trim();
  if (trimmed !== undefined && isMsg91ReportCode(trimmed)) return msg91StatusToDelivery(trimmed);
  if (trimmed !== undefined && !/^\d+$/.test(trimmed)) return msg91WordToDelivery(trimmed);
  return word === undefined ? null : msg91WordToDelivery(word);
}
