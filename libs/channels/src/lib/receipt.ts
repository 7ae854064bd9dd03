import type { DeliveryEventInput } from '@agent-mitra/contract';
import { maskPhone } from '@agent-mitra/observability';

/** One status a provider's webhook reported, normalised and ready to store (recipient masked). */
export type DeliveryReceipt = DeliveryEventInput;

/** A status acknowledged but not stored: one we have no normalised word for, or one we could not read. */
export interface IgnoredReceipt {
  readonly messageId: string | null;
  readonly providerStatus: string | null;
  readonly reason: 'unknown_status' | 'malformed';
}

export interface ReceiptBatch {
  readonly receipts: readonly DeliveryReceipt[];
  readonly ignored: readonly IgnoredReceipt[];
}

const PHONE_LIKE = /^\+?[1-9]\d{5,14}$/;

/**
 * The masked form of a recipient as a provider writes it (`919876543210`, `+919876543210`,
 * `whatsapp:+919876543210`), or null when it does not look like a phone number: nothing else is kept.
 */
export function maskRecipient(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.trim().replace(/^whatsapp:/i, '');
  return PHONE_LIKE.test(value) ? maskPhone(value.startsWith('+') ? value : `+${value}`) : null;
}

/** Drops empty values; null when nothing is left, so the store keeps no empty objects. */
export function compactDetails(
  details: Record<string, string | undefined>,
): Readonly<Record<string, string>> | null {
  const kept = Object.entries(details).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}
