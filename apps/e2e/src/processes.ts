import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(__dirname, '../../..');

/** `npm start` processes not yet handed to a caller: a hook that timed out must not leave them running. */
const starting = new Map<ChildProcess, Promise<unknown>>();

/** Stops every app still starting (jest.setup.ts calls it after each file), so Jest can exit. */
export async function stopStartingApps(): Promise<void> {
  const pending = [...starting.entries()];
  starting.clear();
  for (const [child] of pending) child.kill('SIGTERM');
  await Promise.all(pending.map(([, exited]) => exited));
}

export interface RunningApps {
  readonly ports: Readonly<Record<string, number>>;
  readonly lines: string[];
  readonly dir: string;
  /** SIGTERM, as an operator would; resolves with the exit code of `npm start`'s process. */
  stop(): Promise<number | null>;
}

/**
 * Starts the apps exactly as `npm start` does (tools/scripts/start.mjs: build, then one process per app)
 * on free ports and a temporary SQLite file, and waits until each has logged where it listens.
 */
export async function startApps(env: Record<string, string> = {}, apps: string[] = []): Promise<RunningApps> {
  const dir = mkdtempSync(join(tmpdir(), 'otp-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'tools/scripts/start.mjs'), ...apps], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? dir,
      GATEWAY_PORT: '0',
      GRPC_PORT: '0',
      WEBHOOKS_PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const expected = apps.length > 0 ? apps : ['gateway', 'otp-service', 'webhooks'];
  const lines: string[] = [];
  const ports: Record<string, number> = {};
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  starting.set(child, exited);
  void exited.then(() => starting.delete(child));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`apps did not start:\n${lines.join('\n')}`));
    }, 45_000);
    const read = (stream: NodeJS.ReadableStream) =>
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; name?: string; port?: number };
          if (entry.msg === 'listening' && entry.name && entry.port) ports[entry.name] = entry.port;
        } catch {
          // not a log line (e.g. a build message)
        }
        if (expected.every((name) => ports[name] !== undefined)) {
          clearTimeout(timer);
          starting.delete(child);
          ready();
        }
      });
    if (child.stdout) read(child.stdout);
    if (child.stderr) read(child.stderr);
    void exited.then((code) => {
      clearTimeout(timer); // an app that refused to start must not keep Jest waiting for this timer
      fail(new Error(`npm start exited (${code}):\n${lines.join('\n')}`));
    });
  });
  return {
    ports,
    lines,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
