import { scenarioOn } from './scenarios';
import { aggregate, evaluate, idealBaseline, MIB, providerCheck, type RunResult } from './summary';
import { renderTable } from './table';

const run = (overrides: Partial<RunResult> = {}): RunResult => ({
  ok: 10_000,
  errors: 0,
  errorKinds: {},
  sent: 10_050,
  durationSeconds: 10,
  p50Ms: 5,
  p99Ms: 20,
  serverCpuSeconds: 8,
  driverCpuSeconds: 6,
  ...overrides,
});

describe('aggregate', () => {
  it('divides all answers by all seconds, averages p50, keeps the worst p99, adds errors', () => {
    const total = aggregate([
      run({ ok: 6_000, durationSeconds: 10, p50Ms: 4, p99Ms: 30, errors: 1 }),
      run({ ok: 3_000, durationSeconds: 5, p50Ms: 8, p99Ms: 12, errors: 2 }),
    ]);
    expect(total.rate).toBe(600);
    expect(total.p50Ms).toBe(6);
    expect(total.p99Ms).toBe(30);
    expect(total.errors).toBe(3);
    expect(total.runs).toBe(2);
    // 16 CPU seconds for 9,000 answers; 12 driver CPU seconds over 15 s.
    expect(total.cpuMsPerAnswer).toBeCloseTo(16_000 / 9_000);
    expect(total.driverCores).toBeCloseTo(0.8);
  });

  it('refuses an empty list', () => {
    expect(() => aggregate([])).toThrow('no runs');
  });
});

describe('idealBaseline', () => {
  it('is connections / latency (Little’s law)', () => {
    expect(idealBaseline(200, 100).rate).toBe(2_000);
    expect(idealBaseline(50, 400).rate).toBe(125);
  });
});

describe('providerCheck', () => {
  const app = aggregate([run({ ok: 1_000, sent: 1_150 })]);
  it('holds when each answer has one accepted request and nothing was repeated', () => {
    expect(providerCheck({ requests: 1_100, accepted: 1_100, distinctTo: 1_100 }, app).ok).toBe(true);
  });
  it.each([
    ['a retry (same number twice)', { requests: 1_100, accepted: 1_100, distinctTo: 1_099 }],
    ['a refused request', { requests: 1_101, accepted: 1_100, distinctTo: 1_100 }],
    ['an answer without a provider request', { requests: 999, accepted: 999, distinctTo: 999 }],
    ['more provider requests than requests sent', { requests: 1_151, accepted: 1_151, distinctTo: 1_151 }],
  ])('fails on %s', (_name, count) => {
    expect(providerCheck(count, app).ok).toBe(false);
  });
});

describe('evaluate', () => {
  const baseline = aggregate([run({ ok: 50_000, p99Ms: 20 })]);

  it('holds when the ratio, the p99, the errors and the RSS are within the target', () => {
    const app = aggregate([run({ ok: 31_000, p99Ms: 59 })]);
    const row = evaluate(scenarioOn('send', 'sqlite'), app, baseline, 120 * MIB, null);
    expect(row.ratio).toBeCloseTo(0.62);
    expect(row.checks.map((check) => [check.name, check.ok])).toEqual([
      ['ratio ≥ 0.6', true],
      ['no errors', true],
      ['RSS ≤ 150 MiB', true],
      ['p99 ≤ 3× baseline', true],
    ]);
    expect(row.holds).toBe(true);
  });

  it('names each target missed', () => {
    const app = aggregate([run({ ok: 29_000, p99Ms: 61, errors: 1 })]);
    const row = evaluate(scenarioOn('send', 'sqlite'), app, baseline, 151 * MIB, null);
    expect(row.holds).toBe(false);
    expect(row.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      'ratio ≥ 0.6',
      'no errors',
      'RSS ≤ 150 MiB',
      'p99 ≤ 3× baseline',
    ]);
  });

  it('fails the RSS target when RSS could not be read, and the provider target when nothing was counted', () => {
    const app = aggregate([run({ ok: 15_000 })]);
    const row = evaluate(scenarioOn('real', 'sqlite'), app, idealBaseline(200, 100), 0, null);
    expect(row.ratio).toBeCloseTo(0.75);
    expect(row.checks.filter((check) => !check.ok).map((check) => check.name)).toEqual([
      'RSS ≤ 150 MiB',
      'one provider request per answer',
    ]);
  });

  it('renders as a Markdown table row in the catalogue order, with unmeasured scenarios', () => {
    const app = aggregate([run({ ok: 31_000, p99Ms: 59 })]);
    const table = renderTable(
      [scenarioOn('send', 'sqlite'), scenarioOn('send', 'postgres')],
      [evaluate(scenarioOn('send', 'sqlite'), app, baseline, 120 * MIB, null)],
      [{ scenario: scenarioOn('send', 'postgres'), error: 'gateway exited (1): no adapter\nmore' }],
    ).split('\n');
    expect(table).toHaveLength(4);
    expect(table[2]).toContain('| 5,000 | 3,100 | 0.62 | 5.0 / 59 | 20 | 0 | 0.26 / 0.16 | 120 |');
    expect(table[2]).toMatch(/\| yes \|$/);
    expect(table[3]).toContain('on PostgreSQL |');
    expect(table[3]).toContain('**not measured**: gateway exited (1): no adapter |');
  });
});
