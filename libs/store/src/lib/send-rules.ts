import { isDeliveryStatus, type DeliveryStatus } from '@agent-mitra/contract';
import type { SendAttemptInput } from './port';

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
