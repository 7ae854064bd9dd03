import type { PriceTable } from '@agent-mitra/config';
import type { PeriodStats } from '@agent-mitra/store';
import { buildStatsReport, costOf, parseStatsQuery, percentile } from '../index';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const PRICES: PriceTable = {
  currency: 'USD',
  channels: { sms: { IN: 0.002, '*': 0.05 }, whatsapp: { IN: 0.001 } },
  providers: { twilio: { IN: 0.08 } },
};
const MOCK = {
  on: false,
  reach: 'nobody',
  source: 'env',
  limitedToTestNumbers: false,
  testNumbers: 0,
} as const;

const expectInvalid = (query: Record<string, string>, field: string, message: RegExp) => {
  try {
    parseStatsQuery(query, NOW);
  } catch (error) {
    expect(error).toMatchObject({
      code: 'VALIDATION_ERROR',
      details: { field },
      message: expect.stringMatching(message),
    });
    return;
  }
  throw new Error('expected VALIDATION_ERROR');
};

describe('parseStatsQuery', () => {
  it('defaults to the last 24 hours in 15-minute buckets', () => {
    expect(parseStatsQuery({}, NOW)).toMatchObject({
      from: NOW - 86_400_000,
      to: NOW,
      bucket: '15m',
      bucketMs: 900_000,
      buckets: 96,
    });
  });

  it('takes ISO 8601 times with a zone, picks the smallest bucket giving at most 200, counts a partial last bucket', () => {
    const q = parseStatsQuery({ from: '2026-11-30T10:00:00+05:30', to: '2026-11-30T05:00:00.000Z' }, NOW);
    expect(q).toMatchObject({ from: Date.parse('2026-11-30T04:30:00Z'), bucket: '5m', buckets: 6 });
    expect(parseStatsQuery({ from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' }, NOW).bucket).toBe(
      '6h',
    );
    expect(
      parseStatsQuery({ from: '2026-11-30T00:00:00Z', to: '2026-11-30T01:10:00Z', bucket: '15m' }, NOW)
        .buckets,
    ).toBe(5);
  });

  it('refuses bad times, an empty or reversed period, too long a period, an unknown bucket, too many buckets', () => {
    expectInvalid({ from: 'yesterday' }, 'from', /ISO 8601/);
    expectInvalid({ to: '2026-11-30T10:00:00' }, 'to', /ISO 8601/);
    expectInvalid({ from: '2026-11-30T10:00:00Z', to: '2026-11-30T10:00:00Z' }, 'from', /before to/);
    expectInvalid({ from: '2026-01-01T00:00:00Z', to: '2026-11-30T00:00:00Z' }, 'from', /92 days/);
    expectInvalid({ bucket: '2h' }, 'bucket', /one of 5m, 15m, 1h, 6h, 1d/);
    expectInvalid(
      { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z', bucket: '5m' },
      'bucket',
      /at most 1000/,
    );
  });
});

describe('cost and percentiles', () => {
  const row = { bucket: 0, country: 'IN', sent: 10, delivered: 7, read: 0, failed: 3 } as const;
  it('bills WhatsApp per delivered message, SMS per sent message at the provider price first, mock nothing', () => {
    expect(costOf(PRICES, { ...row, channel: 'whatsapp', provider: 'whatsapp' }).cost).toBeCloseTo(0.007);
    expect(costOf(PRICES, { ...row, channel: 'sms', provider: 'msg91' }).cost).toBeCloseTo(0.02);
    expect(costOf(PRICES, { ...row, channel: 'sms', provider: 'twilio' }).cost).toBeCloseTo(0.8);
    expect(costOf(PRICES, { ...row, channel: 'sms', provider: 'twilio', country: 'GB' }).cost).toBeCloseTo(
      0.5,
    );
    expect(costOf(PRICES, { ...row, channel: 'whatsapp', provider: 'whatsapp', country: 'GB' })).toEqual({
      cost: 0,
      unpriced: 7,
    });
    expect(costOf(PRICES, { ...row, channel: 'sms', provider: 'mock' })).toEqual({ cost: 0, unpriced: 0 });
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([4], 0.95)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
  });
});

describe('buildStatsReport', () => {
  const query = parseStatsQuery(
    { from: '2026-11-30T09:00:00Z', to: '2026-11-30T12:00:00Z', bucket: '1h' },
    NOW,
  );
  const period: PeriodStats = {
    messages: [
      {
        bucket: 0,
        channel: 'sms',
        country: 'IN',
        provider: 'msg91',
        sent: 4,
        delivered: 3,
        read: 0,
        failed: 1,
      },
      {
        bucket: 0,
        channel: 'whatsapp',
        country: 'IN',
        provider: 'whatsapp',
        sent: 2,
        delivered: 2,
        read: 1,
        failed: 0,
      },
      {
        bucket: 2,
        channel: 'sms',
        country: 'ID',
        provider: 'twilio',
        sent: 12,
        delivered: 12,
        read: 0,
        failed: 0,
      },
      {
        bucket: 2,
        channel: 'sms',
        country: 'IN',
        provider: 'mock',
        sent: 3,
        delivered: 0,
        read: 0,
        failed: 0,
      },
    ],
    // 4 SMS in bucket 0 for 3 requests: one request failed over to a second message.
    verified: [
      { bucket: 0, channel: 'sms', country: 'IN', requests: 3, verified: 3 },
      { bucket: 0, channel: 'whatsapp', country: 'IN', requests: 2, verified: 2 },
      { bucket: 2, channel: 'sms', country: 'ID', requests: 12, verified: 1 },
      { bucket: 2, channel: 'sms', country: 'IN', requests: 3, verified: 0 },
    ],
    deliveryTimes: [
      { bucket: 0, channel: 'sms', country: 'IN', provider: 'msg91', ms: 4_000 },
      { bucket: 0, channel: 'sms', country: 'IN', provider: 'msg91', ms: 2_000 },
      { bucket: 0, channel: 'whatsapp', country: 'IN', provider: 'whatsapp', ms: 1_000 },
    ],
    errors: [
      { provider: 'msg91', channel: 'sms', stage: 'receipt', code: null, count: 1, message: 'DND number' },
      { provider: 'whatsapp', channel: 'whatsapp', stage: 'send', code: '131026', count: 4, message: 'x' },
    ],
    reasons: [{ reason: 'fallback', count: 4 }],
    recentFailures: [],
  };
  const report = buildStatsReport({ query, period, prices: PRICES, mock: MOCK, now: NOW });

  it('rolls up totals, channels and countries with conversion, delivery rate, percentiles and cost', () => {
    expect(report.totals).toMatchObject({
      requests: 20,
      sent: 21,
      delivered: 17,
      verified: 6,
      mock: 3,
      conversion: 0.3, // verified requests / requests, not / messages sent (6 / 21)
    });
    expect(report.totals.delivery_rate).toBe(Number((17 / 18).toFixed(4)));
    expect(report.totals.median_delivery_seconds).toBe(2);
    expect(report.totals.p95_delivery_seconds).toBe(4);
    // 4 SMS × 0.002 (IN) + 2 WhatsApp delivered × 0.001 + 12 SMS via Twilio to ID × 0.05 (*).
    expect(report.totals.cost).toBeCloseTo(0.61, 6);
    expect(report.currency).toBe('USD');
    expect(report.channels.map((c) => [c.channel, c.requests, c.sent, c.conversion])).toEqual([
      ['sms', 18, 19, 0.2222],
      ['whatsapp', 2, 2, 1],
    ]);
  });

  it('flags a country with many sends and few verifications', () => {
    expect(report.countries.map((c) => [c.country, c.sent, c.suspicious])).toEqual([
      ['ID', 12, true],
      ['IN', 9, false],
    ]);
  });

  it('has every bucket, zero-filled, and the finest rows', () => {
    expect(report.series.map((b) => [b.start, b.totals.sent, b.channels.whatsapp.sent])).toEqual([
      ['2026-11-30T09:00:00.000Z', 6, 2],
      ['2026-11-30T10:00:00.000Z', 0, 0],
      ['2026-11-30T11:00:00.000Z', 15, 0],
    ]);
    expect(report.rows).toHaveLength(4);
    expect(report.mock).toMatchObject({ on: false, sends: 3 });
  });

  it('ranks errors and explains them from the providers’ tables, else with the stored text', () => {
    expect(report.errors.map((e) => [e.provider, e.count, e.meaning])).toEqual([
      ['whatsapp', 4, expect.stringContaining('not a WhatsApp user')],
      ['msg91', 1, 'DND number'],
    ]);
  });
});
