import type { DeliveryReceipt, IgnoredReceipt } from '@agent-mitra/channels';
import type { ChannelName } from '@agent-mitra/contract';
import type { DeliveryEventResult } from '@agent-mitra/store';
import { clientAddress } from '@agent-mitra/otp-engine';
import { logMessageKey } from '@agent-mitra/privacy';
import { actOn } from './act-on-receipt';
import type { WebhookDeps, WebhookProvider } from './deps';

type ReceiptDeps = Pick<WebhookDeps, 'store' | 'metrics' | 'logger' | 'hashes'>;

export interface RecordOutcome {
  readonly stored: number;
  readonly duplicates: number;
}

/**
 * Stores the receipts of one webhook call, in the order the provider listed them, and lets each act
 * (act-on-receipt.ts: a WhatsApp failure makes its SMS fallback due, a delivery calls one off), awaiting
 * each before the caller answers 200. The provider's message id is stored and logged only as its keyed hash
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
  deps: ReceiptDeps,
  receipts: readonly DeliveryReceipt[],
  /** The address the call came from (after TRUST_PROXY): its keyed hash goes into the audit trail. */
  clientIp?: string | undefined,
): Promise<RecordOutcome> {
  let stored = 0;
  let duplicates = 0;
  for (const { messageId, ...receipt } of receipts) {
    const messageKey = deps.hashes.messageKey(messageId);
    const result = await deps.store.recordDeliveryEvent({ ...receipt, messageKey });
    await actOn(deps, receipt, messageKey, result);
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
    await auditReceipt(deps, receipt, result, clientIp);
    deps.metrics.deliveryReceipts.inc({ provider: receipt.provider, status: receipt.status });
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
 * One audit row per stored receipt (duplicates are not new facts): `receipt`, the status as outcome, the
 * provider's error code as detail, the request its message carried with that request's keyed phone hash
 * and country (so `GET /api/v1/admin/audit?phone=…` finds receipts too), the masked recipient. A failure to
 * write it is logged and never fails the receipt, which is stored already.
 */
async function auditReceipt(
  deps: ReceiptDeps,
  receipt: Omit<DeliveryReceipt, 'messageId'>,
  request: Pick<DeliveryEventResult, 'requestId' | 'phoneHash' | 'country'>,
  clientIp: string | undefined,
): Promise<void> {
  const channel: ChannelName = receipt.provider === 'whatsapp' ? 'whatsapp' : 'sms';
  try {
    await deps.store.appendAudit({
      at: receipt.receivedAt,
      action: 'receipt',
      requestId: request.requestId,
      channel,
      provider: receipt.provider,
      outcome: receipt.status,
      detail: receipt.errorCode,
      callerKind: 'webhook',
      callerId: receipt.provider,
      clientIpHash: clientIp ? deps.hashes.clientIpHash(clientAddress(clientIp)) : null,
      phoneHash: request.phoneHash,
      phoneMasked: receipt.recipientMasked,
      country: request.country,
    });
  } catch (error) {
    deps.logger.error({ err: error, action: 'receipt' }, 'audit: could not record');
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
