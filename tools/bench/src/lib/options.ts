import { parseArgs } from 'node:util';
import { SCENARIO_IDS, STORES, type ScenarioId, type StoreKind } from './scenarios';

/** What `npm run bench -- …` was asked to do. */
export interface BenchOptions {
  /** Seconds of each measured run (each baseline run and each app run). */
  readonly seconds: number;
  /** Seconds of the unmeasured warm-up of every process before its first run (JIT, caches, pools). */
  readonly warmupSeconds: number;
  /** Concurrent connections (HTTP) or calls in flight (gRPC), except in the slow-provider scenario. */
  readonly connections: number;
  /** Connections of the slow-provider scenario (issue 12: 200). */
  readonly slowConnections: number;
  /** How long the fake Twilio waits before each answer, in ms (issue 12: 100). */
  readonly providerLatencyMs: number;
  /** Pairs of (baseline run, app run) per scenario. */
  readonly rounds: number;
  readonly scenarios: readonly ScenarioId[];
  /** Run every chosen scenario on these stores; null: each scenario's default (send, verify on both). */
  readonly stores: readonly StoreKind[] | null;
  /** Write every run, row and the machine's description to this file. */
  readonly jsonFile: string | null;
  /** Start each app and baseline with `--cpu-prof` into this directory (written when it stops). */
  readonly profileDir: string | null;
  /** Keep the stores and every process's log here instead of a temporary directory removed at the end. */
  readonly keepDir: string | null;
  /** Extra environment for the apps (`--app-env NAME=VALUE`, repeatable), applied last. */
  readonly appEnv: Readonly<Record<string, string>>;
  readonly list: boolean;
  readonly help: boolean;
}

/** A wrong command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `npm run bench -- [options]

  --seconds N            seconds per measured run (default 10)
  --warmup N             seconds of warm-up per process before measuring (default 2)
  --connections N        HTTP connections / gRPC calls in flight (default 50)
  --slow-connections N   connections of the slow-provider scenario "real" (default 200)
  --provider-latency MS  fake Twilio answer delay in the "real" scenario (default 100)
  --rounds N             (baseline, app) pairs per scenario (default 2)
  --scenarios a,b        some of: ${SCENARIO_IDS.join(', ')} (default: all)
  --store s,t            run them on sqlite and/or postgres (embedded, started by the bench); default:
                         send and verify on both, the others on sqlite
  --json FILE            also write the runs and the table as JSON
  --profile DIR          run the apps and baselines with --cpu-prof, profiles written into DIR
  --keep DIR             keep the stores and the servers' logs in DIR (default: a temporary folder, removed)
  --app-env NAME=VALUE   extra environment for the apps (repeatable), e.g. LOG_LEVEL=warn
  --list                 list the scenarios and their targets
  --help`;

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
  }
  return value;
}

function scenarioList(text: string | undefined): ScenarioId[] {
  if (text === undefined) return [...SCENARIO_IDS];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIO_IDS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `--scenarios: unknown ${unknown.length > 0 ? unknown.join(', ') : '(empty)'}; choose from ${SCENARIO_IDS.join(', ')}`,
    );
  }
  // Keep the catalogue's order, whatever the order given, and each once.
  return SCENARIO_IDS.filter((id) => names.includes(id));
}

function storeList(text: string | undefined): StoreKind[] | null {
  if (text === undefined) return null;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(STORES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(
      `--store: unknown ${unknown.length > 0 ? unknown.join(', ') : '(empty)'}; choose from ${STORES.join(', ')}`,
    );
  }
  return STORES.filter((store) => names.includes(store));
}

function environmentPairs(items: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of items) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(item);
    if (!match?.[1]) throw new UsageError(`--app-env takes NAME=VALUE, got "${item}"`);
    env[match[1]] = match[2] ?? '';
  }
  return env;
}

/** Parses the bench's arguments (without `node` and the script); throws UsageError on anything wrong. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        seconds: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        'slow-connections': { type: 'string' },
        'provider-latency': { type: 'string' },
        rounds: { type: 'string' },
        scenarios: { type: 'string' },
        store: { type: 'string' },
        json: { type: 'string' },
        profile: { type: 'string' },
        keep: { type: 'string' },
        'app-env': { type: 'string', multiple: true },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  return {
    seconds: wholeNumber('seconds', v.seconds, 10, 1),
    warmupSeconds: wholeNumber('warmup', v.warmup, 2, 0),
    connections: wholeNumber('connections', v.connections, 50, 1),
    slowConnections: wholeNumber('slow-connections', v['slow-connections'], 200, 1),
    providerLatencyMs: wholeNumber('provider-latency', v['provider-latency'], 100, 1),
    rounds: wholeNumber('rounds', v.rounds, 2, 1),
    scenarios: scenarioList(v.scenarios),
    stores: storeList(v.store),
    jsonFile: v.json || null,
    profileDir: v.profile || null,
    keepDir: v.keep || null,
    appEnv: environmentPairs(v['app-env'] ?? []),
    list: v.list ?? false,
    help: v.help ?? false,
  };
}
