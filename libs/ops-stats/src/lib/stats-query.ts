import { z } from 'zod';
import { OtpError } from '@agent-mitra/errors';
import type { StatsQuery } from '@agent-mitra/store';

/** Bucket sizes the stats API accepts, in ms. */
export const BUCKETS = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '1d': 86_400_000,
} as const;
export type BucketName = keyof typeof BUCKETS;

/** The longest period one call may ask for, and the most buckets it may cut it into. */
export const MAX_PERIOD_MS = 92 * 86_400_000;
export const MAX_BUCKETS = 1_000;
/** Without `from`: the last 24 hours. Without `bucket`: the smallest that gives at most this many. */
export const DEFAULT_PERIOD_MS = 86_400_000;
const AUTO_BUCKETS = 200;
const RECENT_FAILURES = 20;

const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-30T10:00:00Z',
});

const input = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  bucket: z
    .enum(Object.keys(BUCKETS) as [BucketName, ...BucketName[]], {
      error: `must be one of ${Object.keys(BUCKETS).join(', ')}`,
    })
    .optional(),
});

export interface ParsedStatsQuery extends StatsQuery {
  readonly bucket: BucketName;
  readonly buckets: number;
}

function invalid(field: string, message: string): OtpError {
  return new OtpError('VALIDATION_ERROR', `${field}: ${message}`, { field });
}

/**
 * `?from&to&bucket` of GET /api/v1/admin/stats, checked: ISO 8601 times with a zone (`to` defaults to
 * now, `from` to 24 h before `to`), `from` before `to`, at most 92 days, a bucket of 5m, 15m, 1h, 6h
 * or 1d (default: the smallest giving ≤ 200 buckets), at most 1000 buckets. Anything else — an
 * unknown parameter (`period`, `__proto__`, `from[]`) or one given twice included — is VALIDATION_ERROR
 * naming the field in `details.field`.
 */
export function parseStatsQuery(query: Readonly<Record<string, unknown>>, now: number): ParsedStatsQuery {
  const parsed = input.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      throw invalid(String(issue.keys[0] ?? 'query'), 'is not a parameter of this route');
    }
    const field = String(issue?.path[0] ?? 'query');
    if (Array.isArray(query[field])) throw invalid(field, 'given more than once');
    throw invalid(field, issue?.message ?? 'invalid');
  }
  const to = parsed.data.to ? Date.parse(parsed.data.to) : now;
  const from = parsed.data.from ? Date.parse(parsed.data.from) : to - DEFAULT_PERIOD_MS;
  if (from >= to) throw invalid('from', 'must be before to');
  if (to - from > MAX_PERIOD_MS) throw invalid('from', 'the period can be at most 92 days');
  const bucket =
    parsed.data.bucket ??
    (Object.keys(BUCKETS) as BucketName[]).find((name) => (to - from) / BUCKETS[name] <= AUTO_BUCKETS) ??
    '1d';
  const bucketMs = BUCKETS[bucket];
  const buckets = Math.ceil((to - from) / bucketMs);
  if (buckets > MAX_BUCKETS) {
    throw invalid(
      'bucket',
      `${buckets} buckets of ${bucket} in this period; at most ${MAX_BUCKETS}: choose a larger bucket`,
    );
  }
  return { from, to, bucketMs, bucket, buckets, recentFailures: RECENT_FAILURES };
}
