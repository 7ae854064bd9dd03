import type { DeliveryStatus } from '@agent-mitra/contract';
import { compactDetails, maskRecipient, type ReceiptBatch } from '../receipt';

/**
 * Twilio's `MessageStatus` values in our words. `sending` has not left Twilio yet, so it is still queued;
 * `canceled` (a scheduled message called off) never reaches the phone, so it is a failure. Inbound values
 * (`receiving`, `received`) and anything new are acknowledged and ignored.
 */
export function twilioReceiptStatus(status: string): DeliveryStatus | null {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** The form fields of a status callback, as a body parser hands them over. */
export type TwilioCallbackParams = Readonly<Record<string, unknown>>;

const field = (params: TwilioCallbackParams, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/**
 * Reads one (signature-checked) StatusCallback. Twilio sends no event time, so `at` is the time it was
 * received; the dedupe key is the status and error code, so a repeated callback is stored once.
 * Null when `MessageSid` or `MessageStatus` is missing.
 */
export function parseTwilioReceipt(params: TwilioCallbackParams, receivedAt: number): ReceiptBatch | null {
  const messageId = field(params, 'MessageSid') ?? field(params, 'SmsSid');
  const providerStatus = (field(params, 'MessageStatus') ?? field(params, 'SmsStatus'))?.toLowerCase();
  if (
    messageId === undefined ||
    providerStatus === undefined ||
    messageId.length > 64 ||
    providerStatus.length > 32
  ) {
    return null;
  }
  const status = twilioReceiptStatus(providerStatus);
  if (status === null) {
    return { receipts: [], ignored: [{ messageId, providerStatus, reason: 'unknown_status' }] };
  }
  const errorCode = field(params, 'ErrorCode') ?? null;
  return {
    receipts: [
      {
        provider: 'twilio',
        messageId,
        status,
        at: receivedAt,
        receivedAt,
        dedupeKey: `${providerStatus}:${errorCode ?? ''}`,
        errorCode,
        errorMessage: field(params, 'ErrorMessage')?.slice(0, 2048) ?? null,
        recipientMasked: maskRecipient(field(params, 'To')),
        details: compactDetails({
          provider_status: providerStatus === status ? undefined : providerStatus,
          raw_dlr_done_date: field(params, 'RawDlrDoneDate')?.slice(0, 32),
        }),
      },
    ],
    ignored: [],
  };
}
