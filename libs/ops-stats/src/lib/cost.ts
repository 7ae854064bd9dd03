import type { PriceTable } from '@agent-mitra/config';
import type { MessageCounts } from '@agent-mitra/store';

/** What a group of messages costs; `unpriced` counts billable messages the table has no price for. */
export interface MessageCost {
  readonly cost: number;
  readonly unpriced: number;
}

function priceOf(table: PriceTable, row: MessageCounts): number | null {
  const provider =
    row.provider === 'twilio' || row.provider === 'msg91' ? table.providers?.[row.provider] : undefined;
  const channel = table.channels[row.channel];
  return provider?.[row.country] ?? provider?.['*'] ?? channel?.[row.country] ?? channel?.['*'] ?? null;
}

/**
 * Estimated cost of one row of messages: WhatsApp per delivered message (Meta bills an AUTHENTICATION
 * template when it is delivered: developers.facebook.com/docs/whatsapp/pricing), SMS per sent message
 * (SMS providers bill what they accept, delivered or not; one segment each — the templates are short),
 * mock messages nothing. The price is the SMS provider's for the country, else the channel's for the
 * country, else the `*` entries.
 */
export function costOf(table: PriceTable, row: MessageCounts): MessageCost {
  if (row.provider === 'mock') return { cost: 0, unpriced: 0 };
  const billable = row.channel === 'whatsapp' ? row.delivered : row.sent;
  if (billable === 0) return { cost: 0, unpriced: 0 };
  const price = priceOf(table, row);
  return price === null ? { cost: 0, unpriced: billable } : { cost: billable * price, unpriced: 0 };
}
