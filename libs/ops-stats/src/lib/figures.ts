import type { PriceTable } from '@agent-mitra/config';
import type { DeliveryTime, MessageCounts, VerifiedCounts } from '@agent-mitra/store';
import { costOf } from './cost';

/** The figures shown for any group of messages (a bucket, a channel, a country, the whole period). */
export interface Figures {
  /** Requests that sent a code (each once, however many messages it took). */
  readonly requests: number;
  /** Messages accepted by a provider: a request that fell back or failed over counts twice (cost). */
  readonly sent: number;
  readonly delivered: number;
  readonly read: number;
  readonly failed: number;
  readonly verified: number;
  /** Messages answered by mock mode (nothing sent; no receipt can come). */
  readonly mock: number;
  /** verified / requests (not / sent: a fallback is not a second chance to verify); null with none. */
  readonly conversion: number | null;
  /** delivered / (sent − mock); null when no real message was sent. */
  readonly delivery_rate: number | null;
  readonly median_delivery_seconds: number | null;
  readonly p95_delivery_seconds: number | null;
  /** Estimated, in the price table's currency. */
  readonly cost: number;
  /** Billable messages with no price in the table (their cost is not in `cost`). */
  readonly unpriced: number;
}

/** Nearest-rank percentile (p in 0..1) of ascending values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
const ratio = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);

class Accumulator {
  requests = 0;
  sent = 0;
  delivered = 0;
  read = 0;
  failed = 0;
  verified = 0;
  mock = 0;
  cost = 0;
  unpriced = 0;
  readonly durations: number[] = [];

  figures(): Figures {
    const sorted = [...this.durations].sort((a, b) => a - b);
    const seconds = (ms: number | null) => (ms === null ? null : round(ms / 1000, 3));
    return {
      requests: this.requests,
      sent: this.sent,
      delivered: this.delivered,
      read: this.read,
      failed: this.failed,
      verified: this.verified,
      mock: this.mock,
      conversion: ratio(this.verified, this.requests),
      delivery_rate: ratio(this.delivered, this.sent - this.mock),
      median_delivery_seconds: seconds(percentile(sorted, 0.5)),
      p95_delivery_seconds: seconds(percentile(sorted, 0.95)),
      cost: round(this.cost, 6),
      unpriced: this.unpriced,
    };
  }
}

/** The rows of a period, each with the key of its bucket, channel and country. */
export interface PeriodRows {
  readonly messages: readonly MessageCounts[];
  readonly verified: readonly VerifiedCounts[];
  readonly deliveryTimes: readonly DeliveryTime[];
}

type Row = Pick<MessageCounts, 'bucket' | 'channel' | 'country'>;

/**
 * Rolls the period's rows up by `keyOf` (e.g. by channel, by bucket and channel): counts add up,
 * percentiles are taken over the delivery times of the whole group, cost from the price table.
 */
export function rollUp(
  rows: PeriodRows,
  prices: PriceTable,
  keyOf: (row: Row) => string,
): Map<string, Figures> {
  const groups = new Map<string, Accumulator>();
  const group = (row: Row) => {
    const key = keyOf(row);
    let acc = groups.get(key);
    if (!acc) groups.set(key, (acc = new Accumulator()));
    return acc;
  };
  for (const row of rows.messages) {
    const acc = group(row);
    const { cost, unpriced } = costOf(prices, row);
    acc.sent += row.sent;
    acc.delivered += row.delivered;
    acc.read += row.read;
    acc.failed += row.failed;
    if (row.provider === 'mock') acc.mock += row.sent;
    acc.cost += cost;
    acc.unpriced += unpriced;
  }
  for (const row of rows.verified) {
    const acc = group(row);
    acc.requests += row.requests;
    acc.verified += row.verified;
  }
  for (const row of rows.deliveryTimes) group(row).durations.push(row.ms);
  return new Map([...groups].map(([key, acc]) => [key, acc.figures()]));
}

export const EMPTY_FIGURES: Figures = new Accumulator().figures();
