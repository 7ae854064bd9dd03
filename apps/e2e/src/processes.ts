import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(__dirname, '../../..');

export interface RunningApps {
  /** By app name, and `otp-service-ops` for the otp-service's HTTP side. */
  readonly ports: Readonly<Record<string, number>>;
  readonly lines: string[];
  readonly dir: string;
  /** SIGTERM, as an operator would; resolves with the exit code of `npm start`'s process. Safe to call twice. */
  stop(): Promise<number | null>;
}

/**
 * Starts the apps exactly as `npm start` does (tools/scripts/start.mjs: build, then one process per app)
 * on free ports and a temporary SQLite file (or the `DATABASE_URL` given), and waits until each has
 * logged where it listens. If they do not start, everything started is stopped before the error is
 * thrown; and start.mjs stops its apps by itself when this process goes away (IPC disconnect), so a
 * failing or killed test run leaves nothing running.
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
      GRPC_OPS_PORT: '0',
      WEBHOOKS_PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const expected = apps.length > 0 ? apps : ['gateway', 'otp-service', 'webhooks'];
  const lines: string[] = [];
  const ports: Record<string, number> = {};
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let stopping: Promise<number | null> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    })());
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`apps did not start:\n${lines.join('\n')}`)), 45_000);
      const read = (stream: NodeJS.ReadableStream) =>
        createInterface({ input: stream }).on('line', (line) => {
          lines.push(line);
          try {
            const entry = JSON.parse(line) as {
              msg?: string;
              name?: string;
              port?: number;
              ops_port?: number;
            };
            if (entry.msg === 'listening' && entry.name && entry.port) ports[entry.name] = entry.port;
            // The otp-service's HTTP side (/metrics, /readyz) is `otp-service-ops`.
            if (entry.msg === 'ops listening' && entry.name && entry.ops_port) {
              ports[`${entry.name}-ops`] = entry.ops_port;
            }
          } catch {
            // not a log line (e.g. a build message)
          }
          if (expected.every((name) => ports[name] !== undefined)) {
            clearTimeout(timer);
            ready();
          }
        });
      if (child.stdout) read(child.stdout);
      if (child.stderr) read(child.stderr);
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`npm start exited (${code}):\n${lines.join('\n')}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, lines, dir, stop };
}
