import { isDeliveryStatus, type DeliveryStatus } from '@agent-mitra/contract';
import type { SendAttemptInput, StoredDeliveryEvent } from './port';

/**
 * Whether an attempt opens a delivery record: only a provider's accepted message — with an id (none
 * when the call may have gone out, or never did: no receipt can match it) — of a real provider. Mock
 * ids are answered, never stored (DESIGN §9), and no receipt ever comes for them.
 */
export function opensDelivery(
  a: SendAttemptInput,
): a is SendAttemptInput & { messageKey: string; status: DeliveryStatus } {
  return a.messageKey !== null && a.provider !== 'mock' && isDeliveryStatus(a.status);
}

/**
 * The first event of the delivery record an accepted message opens: its send, deduplicated as
 * `send:<status>` so a repeated write of the same attempt is a duplicate.
 */
export function sendEventOf(
  a: SendAttemptInput & { messageKey: string; status: DeliveryStatus },
): StoredDeliveryEvent {
  return {
    provider: a.provider,
    messageKey: a.messageKey,
    status: a.status,
    at: a.at,
    receivedAt: a.at,
    dedupeKey: `send:${a.status}`,
    errorCode: a.errorCode,
    errorMessage: a.errorMessage,
    recipientMasked: a.recipientMasked,
    details: null,
  };
}
