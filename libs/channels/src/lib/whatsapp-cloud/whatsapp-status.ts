import type { DeliveryStatus } from '@agent-mitra/contract';

/**
 * Message statuses Meta reports: `accepted` / `held_for_quality_assessment` in the send response's
 * `message_status`, the others in webhook `statuses[].status`.
 */
export const META_MESSAGE_STATUSES = [
  'accepted',
  'held_for_quality_assessment',
  'sent',
  'delivered',
  'read',
  'failed',
] as const;
export type MetaMessageStatus = (typeof META_MESSAGE_STATUSES)[number];

export function isMetaMessageStatus(value: string): value is MetaMessageStatus {
  return (META_MESSAGE_STATUSES as readonly string[]).includes(value);
}

/**
 * Meta's word → our normalised status. `accepted` means the Cloud API took the request, not that
 * WhatsApp sent it (the `sent` webhook says that), so it is `queued`, as Twilio's `queued` is.
 */
export function metaStatusToDelivery(status: MetaMessageStatus): DeliveryStatus {
  switch (status) {
    case 'accepted':
    case 'held_for_quality_assessment':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'failed':
      return 'failed';
  }
}

/** For any text from Meta: null when it is not a message status we know. */
export function metaDeliveryStatus(value: string): DeliveryStatus | null {
  return isMetaMessageStatus(value) ? metaStatusToDelivery(value) : null;
}
