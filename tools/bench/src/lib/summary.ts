import type { Scenario } from './scenarios';

/** What a load generator reports for one run against one server. Latencies in milliseconds. */
export interface LoadResult {
  /** Answers with a 2xx status (HTTP) or OK (gRPC): what the throughput counts. */
  readonly ok: number;
  /** Non-2xx answers, gRPC errors, socket errors and timeouts. */
  readonly errors: number;
  /** The errors by kind: an HTTP status (`"503"`), a gRPC status name, `timeout` or `socket`. */
  readonly errorKinds: Readonly<Record<string, number>>;
  /** Requests written, including those still in flight when the run stopped. */
  readonly sent: number;
  readonly durationSeconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A measured run: the load generator's report and the CPU both sides used meanwhile. */
export interface RunResult extends LoadResult {
  /** CPU seconds (user + system) the server process used during the run. */
  readonly serverCpuSeconds: number;
  /** CPU seconds the bench process (the load generator) used during the run. */
  readonly driverCpuSeconds: number;
}

/** Several runs of the same server, summarised. */
export interface Aggregate {
  /** Successful answers per second over all runs (total ok / total seconds). */
  readonly rate: number;
  /** Mean of the runs' medians. */
  readonly p50Ms: number;
  /** The worst run's p99: a target on p99 must hold in every run. */
  readonly p99Ms: number;
  readonly errors: number;
  readonly ok: number;
  readonly sent: number;
  readonly runs: number;
  /** Server CPU milliseconds per successful answer: less noisy than throughput on a shared machine. */
  readonly cpuMsPerAnswer: number;
  /** Share of one core the load generator used (≈ 1 means it, not the server, may be the limit). */
  readonly driverCores: number;
}

/** What the fake provider counted during the measured app runs of the slow-provider scenario. */
export interface ProviderCount {
  /** Requests the fake Twilio received (any answer). */
  readonly requests: number;
  /** Messages it accepted (201). */
  readonly accepted: number;
  /** Distinct `To` numbers among them; every request used a new number, so this equals `accepted`. */
  readonly distinctTo: number;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Row {
  readonly scenario: Scenario;
  readonly app: Aggregate;
  readonly baseline: Aggregate;
  readonly ratio: number;
  readonly rssMiB: number;
  readonly provider: ProviderCount | null;
  readonly checks: readonly Check[];
  readonly holds: boolean;
}

export const MIB = 1024 * 1024;

/** Sums and combines runs; throws on an empty list (a scenario always has at least one round). */
export function aggregate(runs: readonly RunResult[]): Aggregate {
  if (runs.length === 0) throw new Error('aggregate: no runs');
  const sum = (pick: (run: RunResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const seconds = sum((run) => run.durationSeconds);
  const ok = sum((run) => run.ok);
  return {
    rate: seconds > 0 ? ok / seconds : 0,
    p50Ms: sum((run) => run.p50Ms) / runs.length,
    p99Ms: Math.max(...runs.map((run) => run.p99Ms)),
    errors: sum((run) => run.errors),
    ok,
    sent: sum((run) => run.sent),
    runs: runs.length,
    cpuMsPerAnswer: ok > 0 ? (sum((run) => run.serverCpuSeconds) * 1000) / ok : 0,
    driverCores: seconds > 0 ? sum((run) => run.driverCpuSeconds) / seconds : 0,
  };
}

/**
 * The best a server can do when each answer waits `latencyMs` on a provider and `connections` clients
 * each keep one request in flight: connections / latency (Little's law). Every run "lasts" one second.
 */
export function idealBaseline(connections: number, latencyMs: number): Aggregate {
  return {
    rate: connections / (latencyMs / 1000),
    p50Ms: latencyMs,
    p99Ms: latencyMs,
    errors: 0,
    ok: 0,
    sent: 0,
    runs: 0,
    cpuMsPerAnswer: 0,
    driverCores: 0,
  };
}

/**
 * Each answered send was backed by exactly one provider request: no request refused or retried, no
 * number sent to twice, at least one accepted message per 2xx answer, and none beyond the requests the
 * load generator wrote (those still in flight at the end of a run are finished by the app afterwards).
 */
export function providerCheck(count: ProviderCount, app: Aggregate): Check {
  const ok =
    count.requests === count.accepted &&
    count.distinctTo === count.accepted &&
    count.accepted >= app.ok &&
    count.accepted <= app.sent;
  return {
    name: 'one provider request per answer',
    ok,
    detail: `${count.accepted} accepted / ${count.requests} requests / ${count.distinctTo} numbers for ${app.ok} answers (${app.sent} sent)`,
  };
}

/** Compares a scenario's app runs with its baseline against issue 12's targets. */
export function evaluate(
  scenario: Scenario,
  app: Aggregate,
  baseline: Aggregate,
  rssBytes: number,
  provider: ProviderCount | null,
): Row {
  const target = scenario.target;
  const ratio = baseline.rate > 0 ? app.rate / baseline.rate : 0;
  const rssMiB = rssBytes / MIB;
  const checks: Check[] = [
    {
      name: `ratio ≥ ${target.minRatio}`,
      ok: ratio >= target.minRatio,
      detail: `${ratio.toFixed(2)}`,
    },
    { name: 'no errors', ok: app.errors === 0, detail: `${app.errors}` },
    {
      name: `RSS ≤ ${target.maxRssMiB} MiB`,
      ok: rssBytes > 0 && rssMiB <= target.maxRssMiB,
      detail: `${rssMiB.toFixed(0)} MiB`,
    },
  ];
  if (target.maxP99Factor !== undefined) {
    const limit = baseline.p99Ms * target.maxP99Factor;
    checks.push({
      name: `p99 ≤ ${target.maxP99Factor}× baseline`,
      ok: app.p99Ms <= limit,
      detail: `${app.p99Ms.toFixed(0)} ms vs ${limit.toFixed(0)} ms`,
    });
  }
  if (target.oneProviderRequestPerAnswer) {
    checks.push(
      provider
        ? providerCheck(provider, app)
        : { name: 'one provider request per answer', ok: false, detail: 'not counted' },
    );
  }
  return {
    scenario,
    app,
    baseline,
    ratio,
    rssMiB,
    provider,
    checks,
    holds: checks.every((check) => check.ok),
  };
}
