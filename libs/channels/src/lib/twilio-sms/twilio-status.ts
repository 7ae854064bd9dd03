import type { DeliveryStatus } from '@agent-mitra/contract';

/** Every Message status Twilio documents (twilio 6 `MessageStatus`). */
export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
  'canceled',
  'partially_delivered',
  'receiving',
  'received',
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

export function isTwilioMessageStatus(value: string): value is TwilioMessageStatus {
  return (TWILIO_MESSAGE_STATUSES as readonly string[]).includes(value);
}

/**
 * Twilio's word → our normalised status. Null (acknowledged, not recorded) for the inbound statuses,
 * which no OTP can have, and for `partially_delivered` (multi-recipient sends), which does not say the
 * part with the code arrived: the message keeps the status it had. Same table as the webhook's receipts.
 */
export function twilioStatusToDelivery(status: TwilioMessageStatus): DeliveryStatus | null {
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
    case 'partially_delivered':
    case 'receiving':
    case 'received':
      return null;
  }
}

/** For any text (an API answer, a callback's MessageStatus): null when it is not an outbound status. */
export function twilioDeliveryStatus(value: string): DeliveryStatus | null {
  return isTwilioMessageStatus(value) ? twilioStatusToDelivery(value) : null;
}
