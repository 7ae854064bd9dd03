import type { DeliveryReceipt, IgnoredReceipt } from '@agent-mitra/channels';
import { logMessageKey } from '@agent-mitra/privacy';
import type { WebhookDeps, WebhookProvider } from './deps';

export interface RecordOutcome {
  readonly stored: number;
  readonly duplicates: number;
}

/**
 * Stores the receipts of one webhook call, in the order the provider listed them, awaiting each before
 * the caller answers 200. The provider's message id is stored and logged only as its keyed hash
 * (`message_key`; logs carry its first 12 characters): a WhatsApp wamid encodes the recipient's number.
 *
 * Durability: one `recordDeliveryEvent` per status, each its own transaction, rather than one store call
 * for the whole delivery. If the store fails on the k-th status, statuses 1..k-1 are committed, k.. are
 * not, and the caller answers 5xx; the provider then delivers the same payload again, the committed ones
 * come back as duplicates (same provider, message id and dedupe key) and are skipped, the rest are
 * stored. Nothing is lost or doubled, and because the retry replays the same order, the final status is
 * the one an all-at-once write would have given. This keeps the store port free of a batch method every
 * adapter would have to implement.
 */
export async function recordReceipts(
  deps: Pick<WebhookDeps, 'store' | 'metrics' | 'logger' | 'hashes'>,
  receipts: readonly DeliveryReceipt[],
): Promise<RecordOutcome> {
  let stored = 0;
  let duplicates = 0;
  for (const { messageId, ...receipt } of receipts) {
    const messageKey = deps.hashes.messageKey(messageId);
    const result = await deps.store.recordDeliveryEvent({ ...receipt, messageKey });
    const facts = {
      provider: receipt.provider,
      message_key: logMessageKey(messageKey),
      status: receipt.status,
    };
    if (result.duplicate) {
      duplicates += 1;
      deps.logger.debug(facts, 'receipt already stored');
      continue;
    }
    stored += 1;
    deps.metrics.deliveryReceipts.inc({ provider: receipt.provider, status: receipt.status });
    if (receipt.status === 'delivered' || receipt.status === 'read') await observeDelivery(deps, messageKey);
    deps.logger.info(
      {
        ...facts,
        current_status: result.status,
        error_code: receipt.errorCode,
        recipient: receipt.recipientMasked,
      },
      'receipt stored',
    );
  }
  return { stored, duplicates };
}

/**
 * `otp_time_to_delivery_seconds`: once per message, at its first delivered/read receipt, the time from
 * the send (when the delivery record was opened) to the receipt's own time. A read-back after the
 * receipt is stored: if it fails, the receipt stays acknowledged and only the observation is lost.
 */
async function observeDelivery(
  deps: Pick<WebhookDeps, 'store' | 'metrics' | 'logger'>,
  messageKey: string,
): Promise<void> {
  try {
    const delivery = await deps.store.getDelivery(messageKey);
    const proofs = delivery?.events.filter((e) => e.status === 'delivered' || e.status === 'read') ?? [];
    const first = proofs[0];
    if (!delivery?.channel || proofs.length !== 1 || !first) return;
    const seconds = Math.max(0, first.at - delivery.createdAt) / 1000;
    deps.metrics.otpTimeToDelivery.observe(
      { channel: delivery.channel, provider: delivery.provider },
      seconds,
    );
  } catch (error) {
    deps.logger.debug({ err: error }, 'time to delivery not observed');
  }
}

export function logIgnored(
  deps: Pick<WebhookDeps, 'logger' | 'hashes'>,
  provider: WebhookProvider,
  ignored: readonly IgnoredReceipt[],
): void {
  for (const item of ignored) {
    const messageKey = item.messageId === null ? null : logMessageKey(deps.hashes.messageKey(item.messageId));
    deps.logger.info(
      { provider, message_key: messageKey, provider_status: item.providerStatus, reason: item.reason },
      'receipt ignored',
    );
  }
}
