import type { DeliveryStatus } from '@agent-mitra/contract';
import { metaEnvelopeSchema, metaStatusSchema, type MetaStatus } from './meta-webhook-schema';
import { metaDeliveryStatus } from './whatsapp-status';
import {
  compactDetails,
  maskRecipient,
  type DeliveryReceipt,
  type IgnoredReceipt,
  type ReceiptBatch,
} from '../receipt';

export interface MetaReceiptBatch extends ReceiptBatch {
  /** Messages users sent to the business: acknowledged, never treated as statuses. */
  readonly inboundMessages: number;
}

/**
 * Reads every `entry[].changes[].value.statuses[]` of a (signature-checked, JSON-parsed) webhook body.
 * Null when the body is not a WhatsApp webhook at all; a single unreadable status is ignored, not fatal.
 */
export function parseMetaReceipts(payload: unknown, receivedAt: number): MetaReceiptBatch | null {
  const envelope = metaEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return null;
  const receipts: DeliveryReceipt[] = [];
  const ignored: IgnoredReceipt[] = [];
  let inboundMessages = 0;
  for (const entry of envelope.data.entry) {
    for (const { value } of entry.changes ?? []) {
      inboundMessages += value?.messages?.length ?? 0;
      for (const raw of value?.statuses ?? []) {
        const parsed = metaStatusSchema.safeParse(raw);
        if (!parsed.success) {
          ignored.push({ messageId: null, providerStatus: null, reason: 'malformed' });
          continue;
        }
        const status = metaDeliveryStatus(parsed.data.status);
        if (status === null) {
          ignored.push({
            messageId: parsed.data.id,
            providerStatus: parsed.data.status,
            reason: 'unknown_status',
          });
          continue;
        }
        receipts.push(toReceipt(parsed.data, status, receivedAt, value?.metadata?.phone_number_id));
      }
    }
  }
  return { receipts, ignored, inboundMessages };
}

function toReceipt(
  s: MetaStatus,
  status: DeliveryStatus,
  receivedAt: number,
  phoneNumberId?: string,
): DeliveryReceipt {
  const firstError = s.errors?.[0];
  const errorCode = firstError?.code === undefined ? null : String(firstError.code);
  const errorMessage = firstError?.error_data?.details ?? firstError?.message ?? firstError?.title ?? null;
  const seconds = /^\d{1,12}$/.test(String(s.timestamp ?? '')) ? String(s.timestamp) : null;
  return {
    provider: 'whatsapp',
    messageId: s.id,
    status,
    at: seconds === null ? receivedAt : Number(seconds) * 1000,
    receivedAt,
    dedupeKey: [status, seconds ?? '', errorCode ?? ''].join(':'),
    errorCode,
    errorMessage,
    recipientMasked: maskRecipient(s.recipient_id),
    details: compactDetails({
      error_title: firstError?.title,
      error_codes:
        s.errors && s.errors.length > 1 ? s.errors.map((e) => String(e.code ?? '')).join(',') : undefined,
      conversation_id: s.conversation?.id,
      conversation_origin: s.conversation?.origin?.type,
      pricing_category: s.pricing?.category,
      pricing_billable: s.pricing?.billable === undefined ? undefined : String(s.pricing.billable),
      pricing_model: s.pricing?.pricing_model,
      pricing_type: s.pricing?.type,
      phone_number_id: phoneNumberId,
    }),
  };
}
