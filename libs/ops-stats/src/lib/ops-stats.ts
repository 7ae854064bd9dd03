import type { PriceTable } from '@agent-mitra/config';
import type { StatsStore } from '@agent-mitra/store';
import { buildStatsReport, type MockModeInfo, type StatsReport } from './stats-report';
import { parseStatsQuery } from './stats-query';

export interface OpsStatsOptions {
  readonly store: StatsStore;
  readonly prices: PriceTable;
  /** Read on each call (never waits). */
  readonly mockMode: () => MockModeInfo;
  /** Unix ms; the default `to`. */
  readonly clock?: () => number;
}

/** The admin stats use case: checked query → the store's period rows → the report. */
export class OpsStats {
  constructor(private readonly options: OpsStatsOptions) {}

  /** `query` is the raw `?from&to&bucket`; VALIDATION_ERROR for bad input, STORE_UNAVAILABLE from the store. */
  async report(query: Readonly<Record<string, unknown>>): Promise<StatsReport> {
    const now = (this.options.clock ?? Date.now)();
    const parsed = parseStatsQuery(query, now);
    const period = await this.options.store.periodStats(parsed);
    return buildStatsReport({
      query: parsed,
      period,
      prices: this.options.prices,
      mock: this.options.mockMode(),
      now,
    });
  }
}
