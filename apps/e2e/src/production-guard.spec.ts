// The production guard as an operator meets it (DESIGN §2, §6): the built app (`node dist/<app>/main.js`,
// as a container runs it) is production unless NODE_ENV says development or test, and refuses to start
// with anything unsafe, in one message naming every offending variable.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import { ROOT } from './processes';

type App = 'gateway' | 'otp-service' | 'webhooks';

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'tools/scripts/build.mjs')], { stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'otp-guard-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A production configuration the guard accepts; each case below spoils one thing. */
const SAFE: Record<string, string> = {
  NODE_ENV: 'production',
  OTP_HASH_SECRET: 'hash-secret-for-the-guard-spec-0123456789',
  OTP_TOKEN_SECRET: 'token-secret-for-the-guard-spec-012345678',
  GATEWAY_API_KEYS: 'gateway-key-for-the-guard-spec-0123456789',
  GRPC_AUTH_TOKENS: 'grpc-token-for-the-guard-spec-01234567890',
};

interface Outcome {
  readonly code: number | null;
  readonly problems: string[];
  readonly output: string;
}

/**
 * Starts the built app with exactly `env` (no inherited NODE_ENV, no .env: the working directory is an
 * empty folder) and waits for it to exit, or to listen — then stops it. Fails after 20 s.
 */
function run(app: App, env: Record<string, string | undefined>): Promise<Outcome> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', app, 'main.js')], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      GATEWAY_PORT: '0',
      GRPC_PORT: '0',
      GRPC_OPS_PORT: '0',
      WEBHOOKS_PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, `${app}.sqlite`)}`,
      ...Object.fromEntries(
        Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${app} neither exited nor listened:\n${lines.join('\n')}`));
    }, 20_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"msg":"listening"')) child.kill('SIGTERM');
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      const problems = lines.filter((line) => line.startsWith('  - ')).map((line) => line.slice(4));
      done({ code, problems, output: lines.join('\n') });
    });
  });
}

const named = (problems: readonly string[]) => problems.map((line) => line.slice(0, line.indexOf(':')));

/**
 * One start per rule of DESIGN §6 (each variable of each rule is covered by libs/config's spec): the
 * processes run three at a time, since each loads the whole app before its config is read.
 */
const CASES: readonly { app: App; name: string; value: string }[] = [
  { app: 'gateway', name: 'OTP_HASH_SECRET', value: DEV_DEFAULT_SECRETS.OTP_HASH_SECRET },
  { app: 'otp-service', name: 'GRPC_AUTH_TOKENS', value: 'short' },
  { app: 'webhooks', name: 'WHATSAPP_WEBHOOK_SECRET', value: DEV_DEFAULT_SECRETS.WHATSAPP_WEBHOOK_SECRET },
  { app: 'gateway', name: 'PIONEER_FLAG_MOCK_OTP_ENABLED', value: 'true' },
  { app: 'gateway', name: 'OTP_LENGTH', value: '4' },
  { app: 'otp-service', name: 'OTP_MAX_ATTEMPTS', value: '100' },
  { app: 'gateway', name: 'OTP_TTL_SECONDS', value: '86400' },
  { app: 'gateway', name: 'OTP_MAX_SENDS_PER_WINDOW', value: '0' },
  { app: 'gateway', name: 'TRUST_PROXY', value: 'true' },
  { app: 'otp-service', name: 'HOST', value: '0.0.0.0' },
];

async function inBatches<T>(jobs: (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += size) {
    results.push(...(await Promise.all(jobs.slice(i, i + size).map((job) => job()))));
  }
  return results;
}

/** README "Production checklist": what each app needs, and nothing more (no provider configured). */
const CHECKLIST: Readonly<Record<App, Record<string, string>>> = {
  gateway: {
    NODE_ENV: 'production',
    OTP_HASH_SECRET: SAFE['OTP_HASH_SECRET'] ?? '',
    OTP_TOKEN_SECRET: SAFE['OTP_TOKEN_SECRET'] ?? '',
    GATEWAY_API_KEYS: SAFE['GATEWAY_API_KEYS'] ?? '',
  },
  'otp-service': {
    NODE_ENV: 'production',
    OTP_HASH_SECRET: SAFE['OTP_HASH_SECRET'] ?? '',
    OTP_TOKEN_SECRET: SAFE['OTP_TOKEN_SECRET'] ?? '',
    GRPC_AUTH_TOKENS: SAFE['GRPC_AUTH_TOKENS'] ?? '',
  },
  webhooks: { NODE_ENV: 'production', OTP_HASH_SECRET: SAFE['OTP_HASH_SECRET'] ?? '' },
};
const APPS = Object.keys(CHECKLIST) as App[];

const NOT_RUN: Outcome = { code: null, problems: [], output: '' };
let safe = NOT_RUN;
let unset = NOT_RUN;
let templateGap = NOT_RUN;
let allAtOnce = NOT_RUN;
let outcomes: Outcome[] = [];
let checklist: Outcome[] = [];

beforeAll(async () => {
  const results = await inBatches(
    [
      () => run('gateway', SAFE),
      () => run('gateway', {}),
      () => run('gateway', { ...SAFE, NODE_ENV: '', PIONEER_FLAG_MOCK_OTP_ENABLED: 'true' }),
      () =>
        run('otp-service', {
          ...SAFE,
          ...Object.fromEntries(CASES.map(({ name, value }) => [name, value])),
          NODE_ENV: 'staging',
        }),
      ...APPS.map((app) => () => run(app, CHECKLIST[app])),
      ...CASES.map(
        ({ app, name, value }) =>
          () =>
            run(app, { ...SAFE, [name]: value }),
      ),
    ],
    3,
  );
  [safe = NOT_RUN, unset = NOT_RUN, templateGap = NOT_RUN, allAtOnce = NOT_RUN] = results;
  checklist = results.slice(4, 4 + APPS.length);
  outcomes = results.slice(4 + APPS.length);
}, 120_000);

describe('the built app in production', () => {
  it('starts with a safe configuration, and says it runs in production', () => {
    expect(safe.output).toContain('"mode":"production"');
    expect(safe.code).toBe(0);
  });

  it('is production when NODE_ENV is unset: with nothing set it names every secret it needs', () => {
    expect(unset.code).toBe(1);
    expect(named(unset.problems)).toEqual(['GATEWAY_API_KEYS', 'OTP_HASH_SECRET', 'OTP_TOKEN_SECRET']);
  });

  it.each(APPS.map((app, i) => [app, i] as const))(
    '%s starts with exactly its production checklist (no secret it never reads)',
    (_app, i) => {
      const outcome = checklist[i];
      expect({ code: outcome?.code, problems: outcome?.problems }).toEqual({ code: 0, problems: [] });
      expect(outcome?.output).toContain('"mode":"production"');
      expect(outcome?.output).not.toContain('"level":"error"'); // a receiver left off is info, not an error
    },
  );

  it('is production when NODE_ENV is empty (a template gap): mock mode from the environment is refused', () => {
    expect(templateGap.code).toBe(1);
    expect(named(templateGap.problems)).toEqual(['PIONEER_FLAG_MOCK_OTP_ENABLED']);
  });

  it.each(CASES.map((c, i) => [c.app, c.name, c.value, i] as const))(
    '%s refuses %s=%s, naming it',
    (_app, name, value, i) => {
      const outcome = outcomes[i];
      expect({ code: outcome?.code, named: named(outcome?.problems ?? []) }).toEqual({
        code: 1,
        named: [name],
      });
      if (value.length >= 8) expect(outcome?.output).not.toContain(value);
    },
  );

  it('names every offending variable in one message (NODE_ENV=staging is production too)', () => {
    expect(allAtOnce.code).toBe(1);
    // Everything but the webhooks app's secret: the otp-service never reads it, so it is not asked for.
    const expected = CASES.map(({ name }) => name).filter((name) => name !== 'WHATSAPP_WEBHOOK_SECRET');
    expect([...named(allAtOnce.problems)].sort()).toEqual([...new Set(expected)].sort());
    expect(allAtOnce.output.match(/Invalid configuration/g)).toHaveLength(1);
  });
});
