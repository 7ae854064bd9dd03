import type { AttemptReason, ChannelName, DeliveryStatus, ProviderName } from '@agent-mitra/contract';
import type { PeriodStats } from './port';
import type { StatsStatement } from './stats-queries';

/** What each stats statement returned, as the driver gave it (PostgreSQL's BIGINT sums are strings). */
export type StatsRows = Readonly<Record<StatsStatement, readonly Readonly<Record<string, unknown>>[]>>;

const num = (value: unknown): number => Number(value ?? 0);
const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

function failures(rows: StatsRows[StatsStatement], stage: 'send' | 'receipt') {
  return rows.map((row) => ({
    at: num(row['at']),
    stage,
    requestId: String(row['request_id']),
    channel: row['channel'] as ChannelName,
    provider: row['provider'] as ProviderName,
    country: String(row['country']),
    status: row['status'] as DeliveryStatus,
    code: text(row['code']),
    message: text(row['message']),
    recipientMasked: String(row['recipient']),
  }));
}

/** The rows of every statement of STATS_SQL, as the port's records; both adapters share this. */
export function toPeriodStats(rows: StatsRows): PeriodStats {
  return {
    messages: rows.messages.map((row) => ({
      bucket: num(row['bucket']),
      channel: row['channel'] as ChannelName,
      country: String(row['country']),
      provider: row['provider'] as ProviderName,
      sent: num(row['sent']),
      delivered: num(row['delivered']),
      read: num(row['read_count']),
      failed: num(row['failed']),
    })),
    verified: rows.verified.map((row) => ({
      bucket: num(row['bucket']),
      channel: row['channel'] as ChannelName,
      country: String(row['country']),
      requests: num(row['requests']),
      verified: num(row['verified']),
    })),
    deliveryTimes: rows.deliveryTimes.map((row) => ({
      bucket: num(row['bucket']),
      channel: row['channel'] as ChannelName,
      country: String(row['country']),
      provider: row['provider'] as ProviderName,
      // A provider's clock (Meta stamps whole seconds) may put the receipt just before our send time.
      ms: Math.max(0, num(row['ms'])),
    })),
    errors: [
      ...rows.sendErrors.map((row) => ({ row, stage: 'send' as const })),
      ...rows.receiptErrors.map((row) => ({ row, stage: 'receipt' as const })),
    ].map(({ row, stage }) => ({
      provider: row['provider'] as ProviderName,
      channel: row['channel'] as ChannelName,
      stage,
      code: text(row['code']),
      count: num(row['count']),
      message: text(row['message']),
    })),
    reasons: rows.reasons.map((row) => ({
      reason: row['reason'] as AttemptReason,
      count: num(row['count']),
    })),
    recentFailures: [
      ...failures(rows.sendFailures, 'send'),
      ...failures(rows.receiptFailures, 'receipt'),
    ].sort((a, b) => b.at - a.at || a.requestId.localeCompare(b.requestId)),
  };
}
