import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appEnvironment } from './app-env';
import { appScript, childScript, type ChildName } from './build';
import { startDrivers, type Drivers } from './drivers';
import type { BenchOptions } from './options';
import type { BenchPostgres } from './postgres';
import { startService, type Service } from './processes';
import { askFake, settle } from './slow-provider';
import type { Scenario } from './scenarios';
import { describeRun } from './table';
import {
  aggregate,
  evaluate,
  idealBaseline,
  MIB,
  type ProviderCount,
  type Row,
  type RunResult,
} from './summary';

export interface ScenarioContext {
  readonly options: BenchOptions;
  /** A temporary directory of this bench run (stores, logs). */
  readonly workDir: string;
  /** Started on first use by a scenario on PostgreSQL, stopped by the caller at the end. */
  readonly postgres: () => Promise<BenchPostgres>;
  /** Every process started, so an interrupted bench can stop them. */
  readonly running: Set<Service>;
  /** Progress lines (stderr), so stdout carries only the table. */
  readonly say: (line: string) => void;
}

export interface ScenarioOutcome {
  readonly row: Row;
  readonly appRuns: readonly RunResult[];
  readonly baselineRuns: readonly RunResult[];
  /** The app's RSS once it listened, before any load (MiB), beside the row's RSS at the end. */
  readonly rssAtStartMiB: number;
}

const BASELINE_CHILD: Record<'express' | 'grpc', ChildName> = {
  express: 'http-baseline',
  grpc: 'grpc-baseline',
};

async function databaseUrlFor(scenario: Scenario, context: ScenarioContext, dir: string): Promise<string> {
  if (scenario.store === 'sqlite') return `sqlite:${join(dir, 'otp.sqlite')}`;
  const postgres = await context.postgres();
  return postgres.createDatabase(`bench_${scenario.id}`);
}

/** Starts a process and records it in `started` (stopped by runScenario) and in the bench's set. */
async function start(
  context: ScenarioContext,
  started: Service[],
  spec: Parameters<typeof startService>[0],
): Promise<Service> {
  const service = await startService(spec);
  started.push(service);
  context.running.add(service);
  return service;
}

/** `--cpu-prof` into the profile directory as `<scenario>-<server>.cpuprofile`, when asked for. */
function profileArgs(context: ScenarioContext, scenario: Scenario, server: string): string[] {
  if (!context.options.profileDir) return [];
  const dir = resolve(context.options.profileDir);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${scenario.key}-${server}.cpuprofile`];
}

/** Starts the fake provider, the baseline and the app a scenario needs (fake and baseline first). */
async function startServices(scenario: Scenario, context: ScenarioContext, dir: string, started: Service[]) {
  const { options } = context;
  const logOf = (name: string) => join(dir, `${name}.log`);
  const minimal = { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1' };
  const fake =
    scenario.load === 'real-send'
      ? await start(context, started, {
          name: 'fake-twilio',
          script: childScript('fake-twilio'),
          env: { ...minimal, FAKE_LATENCY_MS: String(options.providerLatencyMs) },
          cwd: dir,
          logFile: logOf('fake-twilio'),
          ipc: true,
        })
      : null;
  const baseline =
    scenario.baseline === 'ideal'
      ? null
      : await start(context, started, {
          name: BASELINE_CHILD[scenario.baseline],
          script: childScript(BASELINE_CHILD[scenario.baseline]),
          env: minimal,
          cwd: dir,
          logFile: logOf('baseline'),
          nodeArgs: profileArgs(context, scenario, 'baseline'),
        });
  const providerEnv: Record<string, string> = fake
    ? {
        PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
        TWILIO_API_URL: String(fake.ready['twilioUrl']),
        TWILIO_ACCOUNT_SID: String(fake.ready['accountSid']),
        TWILIO_AUTH_TOKEN: String(fake.ready['authToken']),
        TWILIO_PHONE_NUMBER: '+15005550006',
        PROVIDER_MAX_CONCURRENCY: String(Math.max(200, options.slowConnections)),
      }
    : {};
  const app = await start(context, started, {
    name: scenario.app,
    script: appScript(scenario.app),
    env: appEnvironment(await databaseUrlFor(scenario, context, dir), { ...providerEnv, ...options.appEnv }),
    cwd: dir,
    logFile: logOf(scenario.app),
    nodeArgs: profileArgs(context, scenario, scenario.app),
  });
  return { fake, baseline, app };
}

/** Measured runs of the slow-provider scenario, adding up what the fake counted during them. */
async function realRounds(
  drivers: Drivers,
  services: { readonly fake: Service; readonly app: Service },
  context: ScenarioContext,
  runs: RunResult[],
) {
  const { fake, app } = services;
  const total = { requests: 0, accepted: 0, distinctTo: 0 };
  for (let round = 1; round <= context.options.rounds; round += 1) {
    await askFake(fake, 'reset');
    runs.push(await drivers.app(context.options.seconds));
    // Requests still queued in the app when the load stopped are finished by it: let them land.
    const count = await settle(fake, app, context.options.providerLatencyMs);
    total.requests += count.requests;
    total.accepted += count.accepted;
    total.distinctTo += count.distinctTo;
    context.say(`  app run ${round}: ${describeRun(runs.at(-1))}`);
  }
  return total;
}

/**
 * Runs one scenario: start (fake provider), baseline and app; warm each up; then `rounds` pairs of
 * (baseline run, app run) back to back, so both see the same machine; read the app's RSS; stop all.
 */
export async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<ScenarioOutcome> {
  const { options } = context;
  const dir = join(context.workDir, scenario.key);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const services: Service[] = [];
  const appRuns: RunResult[] = [];
  const baselineRuns: RunResult[] = [];
  try {
    const { fake, baseline, app } = await startServices(scenario, context, dir, services);
    const rssAtStartMiB = app.rssBytes() / MIB;
    const connections = scenario.slowProvider ? options.slowConnections : options.connections;
    const drivers = startDrivers(scenario, { app, baseline, connections });
    try {
      if (options.warmupSeconds > 0) {
        context.say(`  warming up (${options.warmupSeconds} s each)`);
        if (drivers.baseline) await drivers.baseline(options.warmupSeconds);
        await drivers.app(options.warmupSeconds);
        // Slow provider: let the warm-up's requests in flight land before the fake is reset.
        if (fake) await settle(fake, app, options.providerLatencyMs);
      }
      let provider: ProviderCount | null = null;
      if (fake) {
        provider = await realRounds(drivers, { fake, app }, context, appRuns);
      } else {
        for (let round = 1; round <= options.rounds; round += 1) {
          if (drivers.baseline) baselineRuns.push(await drivers.baseline(options.seconds));
          appRuns.push(await drivers.app(options.seconds));
          context.say(`  round ${round}: baseline ${describeRun(baselineRuns.at(-1))}`);
          context.say(`           app      ${describeRun(appRuns.at(-1))}`);
        }
      }
      const baselineAggregate =
        scenario.baseline === 'ideal'
          ? idealBaseline(options.slowConnections, options.providerLatencyMs)
          : aggregate(baselineRuns);
      const row = evaluate(scenario, aggregate(appRuns), baselineAggregate, app.rssBytes(), provider);
      context.say(
        `  app RSS ${rssAtStartMiB.toFixed(0)} MiB at start, ${row.rssMiB.toFixed(0)} MiB at the end` +
          (baseline ? `; baseline ${(baseline.rssBytes() / MIB).toFixed(0)} MiB at the end` : ''),
      );
      return { row, appRuns, baselineRuns, rssAtStartMiB };
    } finally {
      drivers.close();
    }
  } finally {
    for (const service of services.reverse()) {
      await service.stop();
      context.running.delete(service);
    }
  }
}
