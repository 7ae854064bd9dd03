import { parseBenchOptions, UsageError } from './options';
import { SCENARIO_IDS } from './scenarios';

describe('parseBenchOptions', () => {
  it('defaults to every scenario, 10 s runs, 50 connections, 200 for the slow provider at 100 ms', () => {
    expect(parseBenchOptions([])).toEqual({
      seconds: 10,
      warmupSeconds: 2,
      connections: 50,
      slowConnections: 200,
      providerLatencyMs: 100,
      rounds: 2,
      scenarios: [...SCENARIO_IDS],
      stores: null,
      jsonFile: null,
      profileDir: null,
      keepDir: null,
      appEnv: {},
      list: false,
      help: false,
    });
  });

  it('reads every option', () => {
    const options = parseBenchOptions([
      '--seconds=3',
      '--warmup',
      '0',
      '--connections',
      '8',
      '--slow-connections=400',
      '--provider-latency=250',
      '--rounds=1',
      '--scenarios',
      'grpc, send',
      '--store=postgres,sqlite',
      '--json',
      'out.json',
      '--profile=profiles',
      '--keep=logs',
      '--app-env',
      'LOG_LEVEL=warn',
      '--app-env=PROVIDER_MAX_CONCURRENCY=50',
    ]);
    expect(options).toMatchObject({
      seconds: 3,
      warmupSeconds: 0,
      connections: 8,
      slowConnections: 400,
      providerLatencyMs: 250,
      rounds: 1,
      jsonFile: 'out.json',
      profileDir: 'profiles',
      keepDir: 'logs',
      appEnv: { LOG_LEVEL: 'warn', PROVIDER_MAX_CONCURRENCY: '50' },
    });
    // The catalogue's order, whatever order was given.
    expect(options.scenarios).toEqual(['send', 'grpc']);
    expect(options.stores).toEqual(['sqlite', 'postgres']);
  });

  it.each([
    [['--seconds', '0'], '--seconds must be a whole number ≥ 1'],
    [['--connections', '2.5'], '--connections must be a whole number ≥ 1'],
    [['--rounds', ''], '--rounds must be a whole number ≥ 1'],
    [['--scenarios', 'send,fast'], 'unknown fast'],
    [['--scenarios', ','], 'unknown (empty)'],
    [['--store', 'mysql'], '--store: unknown mysql'],
    [['--app-env', 'lower=1'], '--app-env takes NAME=VALUE'],
    [['--sekonds', '3'], "Unknown option '--sekonds'"],
    [['extra'], 'Unexpected argument'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(UsageError);
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});
