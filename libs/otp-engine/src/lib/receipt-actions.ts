import { lateFailureFallsBack } from '@agent-mitra/channels';
import type { DeliveryStatus, ProviderName } from '@agent-mitra/contract';
import type { OtpStore } from '@agent-mitra/store';

/** What a receipt did to its request's late SMS fallback. */
export type ReceiptAction = 'fallback_due' | 'fallback_called_off' | 'none';

/** The facts of one stored receipt that decide what it does. */
export interface ReceiptFacts {
  readonly provider: ProviderName;
  /** Keyed hash of the provider message id. */
  readonly messageKey: string;
  readonly status: DeliveryStatus;
  readonly errorCode: string | null;
}

/**
 * Receipts act (DESIGN §5): a WhatsApp `failed` whose code may fall back (every code but the user's own
 * refusal, see `lateFailureFallsBack`) makes its request's SMS fallback due now; a `delivered` or `read`
 * calls a pending one off. One conditional update each, so a retried or duplicated receipt, on any
 * instance, changes nothing twice; the otp-service's fallback duty does the sending. Receipts of SMS
 * change no request: their status already shows (`delivery_status` failed). Throws what the store throws
 * (the webhook then answers 5xx and the provider delivers the receipt again).
 */
export async function actOnReceipt(
  store: Pick<OtpStore, 'markFallbackDue' | 'cancelFallback'>,
  receipt: ReceiptFacts,
  now: number,
): Promise<ReceiptAction> {
  if (receipt.provider !== 'whatsapp') return 'none';
  if (receipt.status === 'failed' && lateFailureFallsBack(receipt.errorCode)) {
    return (await store.markFallbackDue(receipt.messageKey, now)) ? 'fallback_due' : 'none';
  }
  if (receipt.status === 'delivered' || receipt.status === 'read') {
    return (await store.cancelFallback(receipt.messageKey)) ? 'fallback_called_off' : 'none';
  }
  return 'none';
}
