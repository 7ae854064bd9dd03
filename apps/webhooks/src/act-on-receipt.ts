import type { DeliveryReceipt } from '@agent-mitra/channels';
import type { DeliveryEventResult } from '@agent-mitra/store';
import { actOnReceipt, type ReceiptAction } from '@agent-mitra/otp-engine';
import { logMessageKey } from '@agent-mitra/privacy';
import type { WebhookDeps } from './deps';

type Receipt = Omit<DeliveryReceipt, 'messageId'>;

/**
 * What a stored receipt does beyond the history (DESIGN §5, issue 11). The webhooks app never sends: a
 * WhatsApp `failed` makes its request's SMS fallback due now, a `delivered`/`read` calls a pending one
 * off (one conditional update each, in `actOnReceipt`), and the otp-service's duty sends. It runs for
 * duplicates too — a receipt retried because acting failed the first time must still act — and a store
 * failure throws, so the provider gets a 5xx and delivers the receipt again.
 *
 * The first `delivered`/`read` of a message is timed into `otp_time_to_delivery_seconds{channel,
 * provider}`: the provider's event time minus when the store first saw the message (its send).
 */
export async function actOn(
  deps: Pick<WebhookDeps, 'store' | 'metrics' | 'logger'>,
  receipt: Receipt,
  messageKey: string,
  result: DeliveryEventResult,
): Promise<ReceiptAction> {
  const action = await actOnReceipt(
    deps.store,
    { provider: receipt.provider, messageKey, status: receipt.status, errorCode: receipt.errorCode },
    Date.now(),
  );
  if (action !== 'none') {
    deps.logger.info(
      { provider: receipt.provider, message_key: logMessageKey(messageKey), error_code: receipt.errorCode },
      action === 'fallback_due'
        ? 'SMS fallback due: WhatsApp reported the message failed'
        : 'SMS fallback called off: delivered',
    );
  }
  if (!result.duplicate && firstDelivery(receipt, result)) {
    deps.metrics.timeToDelivery.observe(
      { channel: receipt.provider === 'whatsapp' ? 'whatsapp' : 'sms', provider: receipt.provider },
      Math.max(0, receipt.at - result.createdAt) / 1000,
    );
  }
  return action;
}

/** This receipt proved the delivery for the first time (nothing delivered or read before it). */
function firstDelivery(receipt: Receipt, result: DeliveryEventResult): boolean {
  const delivering = (status: string | null) => status === 'delivered' || status === 'read';
  return delivering(receipt.status) && result.previous !== null && !delivering(result.previous);
}
