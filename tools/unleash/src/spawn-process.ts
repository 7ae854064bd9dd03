import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STOP_MESSAGE, type ProcessMessage, type ProcessSettings } from './process-protocol';

const STOP_GRACE_MS = 30_000;
const KEPT_OUTPUT_LINES = 40;

export interface SpawnOptions {
  readonly settings: ProcessSettings;
  readonly tokens: { readonly admin: string; readonly client: string };
  readonly timeoutMs: number;
  /** Copy the process's output to our stderr (the CLI does); otherwise only kept for error messages. */
  readonly echo: boolean;
}

export interface UnleashProcess {
  readonly url: string;
  readonly pids: { readonly unleash: number; readonly postgres: number | null };
  stop(): Promise<void>;
}

/** Forks unleash-process.ts (through @swc-node/register), waits for it and for `/health`. */
export async function spawnUnleashProcess(options: SpawnOptions): Promise<UnleashProcess> {
  const child = fork(join(__dirname, 'unleash-process.ts'), [JSON.stringify(options.settings)], {
    execArgv: ['-r', require.resolve('@swc-node/register'), '--no-deprecation'],
    env: childEnvironment(options.tokens),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = keepLastLines(child, options.echo);
  const deadline = Date.now() + options.timeoutMs;
  try {
    const ready = await waitForReady(child, options.timeoutMs);
    await waitForHealth(new URL('../health', ready.url), deadline);
    const postgres = ready.postgresPid;
    return {
      url: ready.url,
      pids: { unleash: child.pid ?? -1, postgres },
      stop: () => terminate(child, postgres),
    };
  } catch (error) {
    await terminate(child, null); // the child stops its PostgreSQL, or its exit does
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failureMessage(reason, output()));
  }
}

const SHOWN_OUTPUT_LINES = 5;
const SHOWN_LINE_LENGTH = 240;

/**
 * A short failure: the reason, then the last few lines Unleash printed without stack frames or colour
 * codes (its logger prints a 40-line knex stack per error), each cut to 240 characters.
 */
export function failureMessage(reason: string, output: readonly string[]): string {
  const shown = output
    // eslint-disable-next-line no-control-regex -- ANSI colour codes from log4js
    .map((line) => line.replace(/\u001b\[[0-9;]*m/g, '').trimEnd())
    .filter((line) => line !== '' && !/^\s+at /.test(line) && !/^\s*[}{\]]/.test(line))
    .slice(-SHOWN_OUTPUT_LINES)
    .map((line) => (line.length > SHOWN_LINE_LENGTH ? `${line.slice(0, SHOWN_LINE_LENGTH)}…` : line));
  const head = `Unleash did not start: ${reason.split('\n')[0] ?? reason}`;
  return shown.length === 0 ? head : `${head}\nits last lines:\n  ${shown.join('\n  ')}`;
}

/** Only what the child needs: no DATABASE_URL, PORT, UNLEASH_URL… of ours leaks into unleash-server's config. */
function childEnvironment(tokens: SpawnOptions['tokens']): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL'].filter((name) => process.env[name] !== undefined);
  return {
    ...Object.fromEntries(keep.map((name) => [name, process.env[name]])),
    // @swc-node/register resolves the workspace's path aliases from this tsconfig, whatever the cwd.
    SWC_NODE_PROJECT: join(__dirname, '../../../tsconfig.json'),
    NODE_ENV: 'production',
    SEND_TELEMETRY: 'false',
    CHECK_VERSION: 'false',
    INIT_ADMIN_API_TOKENS: tokens.admin,
    INIT_BACKEND_API_TOKENS: tokens.client,
  };
}

function waitForReady(
  child: ChildProcess,
  timeoutMs: number,
): Promise<Extract<ProcessMessage, { type: 'ready' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ProcessMessage) =>
      message.type === 'ready' ? finish(null, message) : finish(new Error(message.message));
    const onExit = (code: number | null) => finish(new Error(`the Unleash process exited (${code})`));
    function finish(error: Error | null, message?: Extract<ProcessMessage, { type: 'ready' }>) {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
      if (message) resolve(message);
      else reject(error ?? new Error('unknown'));
    }
    child.on('message', onMessage).on('exit', onExit);
  });
}

async function waitForHealth(url: URL, deadline: number): Promise<void> {
  for (;;) {
    const healthy = await fetch(url).then(
      async (response) => (await response.text(), response.ok),
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`${url.href} did not answer 200 in time`);
    await sleep(200);
  }
}

/** Asks for a clean stop, then insists; makes sure the postmaster is gone too. */
async function terminate(child: ChildProcess, postgresPid: number | null): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send(STOP_MESSAGE);
    else child.kill('SIGTERM');
    const grace = sleep(STOP_GRACE_MS, 'late', { ref: false });
    if ((await Promise.race([exited, grace])) === 'late') {
      child.kill('SIGKILL');
      await exited;
    }
  }
  if (postgresPid !== null) await stopPid(postgresPid);
}

async function stopPid(pid: number): Promise<void> {
  for (let attempt = 0; isAlive(pid); attempt += 1) {
    process.kill(pid, attempt < 50 ? 'SIGINT' : 'SIGKILL');
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function keepLastLines(child: ChildProcess, echo: boolean): () => string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    if (echo) process.stderr.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEPT_OUTPUT_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines;
}
