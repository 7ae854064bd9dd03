import { providerErrorMeaning } from '@agent-mitra/channels';
import type { PriceTable } from '@agent-mitra/config';
import { CHANNELS, type AttemptReason, type ChannelName, type ProviderName } from '@agent-mitra/contract';
import type { PeriodStats } from '@agent-mitra/store';
import { EMPTY_FIGURES, rollUp, type Figures } from './figures';
import type { ParsedStatsQuery } from './stats-query';

/**
 * A country shows the sign of SMS pumping (DESIGN §8; Twilio: "SMS pumping fraud") when it got many
 * codes and few of them were typed in: at least `minSent` sent and a conversion under `maxConversion`.
 */
export const SUSPICIOUS = { minSent: 10, maxConversion: 0.25 } as const;
const TOP_ERRORS = 10;

/** Mock mode as the runtime sees it (runtime's `MockModeView`). */
export interface MockModeInfo {
  readonly on: boolean;
  readonly reach: 'everyone' | 'some' | 'nobody';
  readonly source: 'env' | 'bootstrap' | 'unleash';
  readonly limitedToTestNumbers: boolean;
  readonly testNumbers: number;
}

export interface StatsReport {
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly bucket: string;
    readonly bucket_seconds: number;
    readonly buckets: number;
  };
  readonly generated_at: string;
  readonly currency: string;
  readonly totals: Figures;
  readonly channels: readonly ({ readonly channel: ChannelName } & Figures)[];
  readonly countries: readonly ({ readonly country: string; readonly suspicious: boolean } & Figures)[];
  /** Every bucket of the period, oldest first, with each channel's figures (zero when nothing happened). */
  readonly series: readonly {
    readonly start: string;
    readonly end: string;
    readonly totals: Figures;
    readonly channels: Readonly<Record<ChannelName, Figures>>;
  }[];
  /** The finest grain: one row per bucket, channel and country that saw any request. */
  readonly rows: readonly ({
    readonly start: string;
    readonly channel: ChannelName;
    readonly country: string;
  } & Figures)[];
  readonly errors: readonly {
    readonly provider: ProviderName;
    readonly channel: ChannelName;
    readonly stage: 'send' | 'receipt';
    readonly code: string | null;
    readonly count: number;
    readonly meaning: string | null;
  }[];
  readonly fallbacks: readonly { readonly reason: AttemptReason; readonly count: number }[];
  readonly recent_failures: readonly {
    readonly at: string;
    readonly stage: 'send' | 'receipt';
    readonly request_id: string;
    readonly channel: ChannelName;
    readonly provider: ProviderName;
    readonly country: string;
    readonly status: string;
    readonly code: string | null;
    readonly meaning: string | null;
    readonly to: string;
  }[];
  readonly mock: {
    readonly on: boolean;
    readonly reach: MockModeInfo['reach'];
    readonly source: MockModeInfo['source'];
    readonly limited_to_test_numbers: boolean;
    readonly test_numbers: number;
    /** Sends answered by mock mode in the period. */
    readonly sends: number;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const by =
  <T>(compare: (a: T, b: T) => number) =>
  (rows: T[]) =>
    rows.sort(compare);

/** Turns the store's period rows into the answer of GET /api/v1/admin/stats (README "Operations"). */
export function buildStatsReport(input: {
  readonly query: ParsedStatsQuery;
  readonly period: PeriodStats;
  readonly prices: PriceTable;
  readonly mock: MockModeInfo;
  readonly now: number;
}): StatsReport {
  const { query, period, prices, mock } = input;
  const totals = rollUp(period, prices, () => '').get('') ?? EMPTY_FIGURES;
  const perChannel = rollUp(period, prices, (row) => row.channel);
  const perCountry = rollUp(period, prices, (row) => row.country);
  const perBucket = rollUp(period, prices, (row) => String(row.bucket));
  const perBucketChannel = rollUp(period, prices, (row) => `${row.bucket}|${row.channel}`);
  const perRow = rollUp(period, prices, (row) => `${row.bucket}|${row.channel}|${row.country}`);
  const start = (bucket: number) => query.from + bucket * query.bucketMs;
  const meaning = (provider: ProviderName, code: string | null, stored: string | null) =>
    providerErrorMeaning(provider, code) ?? stored;
  return {
    period: {
      from: iso(query.from),
      to: iso(query.to),
      bucket: query.bucket,
      bucket_seconds: query.bucketMs / 1000,
      buckets: query.buckets,
    },
    generated_at: iso(input.now),
    currency: prices.currency,
    totals,
    channels: CHANNELS.map((channel) => ({ channel, ...(perChannel.get(channel) ?? EMPTY_FIGURES) })),
    countries: by<StatsReport['countries'][number]>(
      (a, b) => b.sent - a.sent || a.country.localeCompare(b.country),
    )(
      [...perCountry].map(([country, figures]) => ({
        country,
        suspicious:
          figures.sent >= SUSPICIOUS.minSent && (figures.conversion ?? 0) < SUSPICIOUS.maxConversion,
        ...figures,
      })),
    ),
    series: Array.from({ length: query.buckets }, (_, bucket) => ({
      start: iso(start(bucket)),
      end: iso(Math.min(start(bucket + 1), query.to)),
      totals: perBucket.get(String(bucket)) ?? EMPTY_FIGURES,
      channels: Object.fromEntries(
        CHANNELS.map((channel) => [channel, perBucketChannel.get(`${bucket}|${channel}`) ?? EMPTY_FIGURES]),
      ) as Record<ChannelName, Figures>,
    })),
    rows: [...perRow]
      .map(([key, figures]) => {
        const [bucket, channel, country] = key.split('|');
        return {
          start: iso(start(Number(bucket))),
          channel: channel as ChannelName,
          country: country ?? 'ZZ',
          ...figures,
        };
      })
      .sort(
        (a, b) =>
          a.start.localeCompare(b.start) ||
          a.channel.localeCompare(b.channel) ||
          a.country.localeCompare(b.country),
      ),
    errors: [...period.errors]
      .sort((a, b) => b.count - a.count || a.provider.localeCompare(b.provider))
      .slice(0, TOP_ERRORS)
      .map((e) => ({
        provider: e.provider,
        channel: e.channel,
        stage: e.stage,
        code: e.code,
        count: e.count,
        meaning: meaning(e.provider, e.code, e.message),
      })),
    fallbacks: [...period.reasons].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    recent_failures: period.recentFailures.slice(0, query.recentFailures).map((f) => ({
      at: iso(f.at),
      stage: f.stage,
      request_id: f.requestId,
      channel: f.channel,
      provider: f.provider,
      country: f.country,
      status: f.status,
      code: f.code,
      meaning: meaning(f.provider, f.code, f.message),
      to: f.recipientMasked,
    })),
    mock: {
      on: mock.on,
      reach: mock.reach,
      source: mock.source,
      limited_to_test_numbers: mock.limitedToTestNumbers,
      test_numbers: mock.testNumbers,
      sends: totals.mock,
    },
  };
}
