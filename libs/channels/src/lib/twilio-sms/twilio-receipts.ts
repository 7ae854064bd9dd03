import { compactDetails, maskRecipient, type ReceiptBatch } from '../receipt';
import { twilioDeliveryStatus } from './twilio-status';

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
  const status = twilioDeliveryStatus(providerStatus);
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
