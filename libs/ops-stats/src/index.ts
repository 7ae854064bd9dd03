export { OpsStats, type OpsStatsOptions } from './lib/ops-stats';
export {
  BUCKETS,
  MAX_BUCKETS,
  MAX_PERIOD_MS,
  parseStatsQuery,
  type BucketName,
  type ParsedStatsQuery,
} from './lib/stats-query';
export { buildStatsReport, SUSPICIOUS, type MockModeInfo, type StatsReport } from './lib/stats-report';
export { costOf, type MessageCost } from './lib/cost';
export { percentile, type Figures } from './lib/figures';
