import type { Scenario, ScenarioDefinition } from './scenarios';
import type { Row, RunResult } from './summary';

/** A scenario that could not be measured (an app did not start, a load generator failed). */
export interface FailedRow {
  readonly scenario: Scenario;
  readonly error: string;
}

const HEADER = [
  'scenario',
  'baseline req/s',
  'app req/s',
  'ratio',
  'p50 / p99 ms',
  'baseline p99 ms',
  'errors',
  'CPU ms/answer app / baseline',
  'RSS MiB',
  'target',
  'holds',
];

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

/** The target of a scenario in words, e.g. `≥ 0.6×, p99 ≤ 3×, ≤ 150 MiB`. */
export function describeTarget(scenario: ScenarioDefinition): string {
  const t = scenario.target;
  return [
    `≥ ${t.minRatio}×`,
    ...(t.maxP99Factor !== undefined ? [`p99 ≤ ${t.maxP99Factor}×`] : []),
    ...(t.oneProviderRequestPerAnswer ? ['1 provider req/answer'] : []),
    `≤ ${t.maxRssMiB} MiB`,
  ].join(', ');
}

/** The scenario's cell: its id, what it does, and the store when it is not the default SQLite. */
function label(scenario: Scenario): string {
  return `\`${scenario.id}\` ${scenario.title}${scenario.store === 'postgres' ? ', on PostgreSQL' : ''}`;
}

function cells(row: Row): string[] {
  const baselineLabel =
    row.scenario.baseline === 'ideal' ? `${whole(row.baseline.rate)} (ideal)` : whole(row.baseline.rate);
  const failed = row.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
  return [
    label(row.scenario),
    baselineLabel,
    whole(row.app.rate),
    row.ratio.toFixed(2),
    `${ms(row.app.p50Ms)} / ${ms(row.app.p99Ms)}`,
    row.scenario.baseline === 'ideal' ? '—' : ms(row.baseline.p99Ms),
    String(row.app.errors),
    `${row.app.cpuMsPerAnswer.toFixed(2)} / ${row.scenario.baseline === 'ideal' ? '—' : row.baseline.cpuMsPerAnswer.toFixed(2)}`,
    row.rssMiB.toFixed(0),
    describeTarget(row.scenario),
    row.holds ? 'yes' : `**no** (${failed.join('; ')})`,
  ];
}

/** The result table as Markdown, in the order given (the run's order), so it can be pasted into the README. */
export function renderTable(
  order: readonly Scenario[],
  rows: readonly Row[],
  failed: readonly FailedRow[],
): string {
  const byKey = new Map<string, string[]>();
  for (const row of rows) byKey.set(row.scenario.key, cells(row));
  for (const { scenario, error } of failed) {
    byKey.set(scenario.key, [
      label(scenario),
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
      describeTarget(scenario),
      `**not measured**: ${error.split('\n')[0] ?? ''}`,
    ]);
  }
  const lines = [HEADER, HEADER.map(() => '---')];
  for (const scenario of order) {
    const line = byKey.get(scenario.key);
    if (line) lines.push(line);
  }
  return lines.map((line) => `| ${line.join(' | ')} |`).join('\n');
}

/** One run in a progress line: rate, latency, errors by kind, CPU per answer of each side. */
export function describeRun(run: RunResult | undefined): string {
  if (!run) return '-';
  const rate = run.durationSeconds > 0 ? run.ok / run.durationSeconds : 0;
  const cpu = run.ok > 0 ? (run.serverCpuSeconds * 1000) / run.ok : 0;
  return (
    `${Math.round(rate)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, ` +
    `${run.errors} errors${run.errors > 0 ? ` ${JSON.stringify(run.errorKinds)}` : ''}, server ${cpu.toFixed(2)} CPU ms/answer, load generator ${(run.driverCpuSeconds / run.durationSeconds).toFixed(2)} cores`
  );
}
