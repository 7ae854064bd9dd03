import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@agent-mitra/config';
import { createRuntime, type Runtime } from '@agent-mitra/runtime';
import { LogCapture } from './log-capture';

export interface TestRuntime {
  readonly runtime: Runtime;
  readonly logs: LogCapture;
  readonly dir: string;
  readonly clock: { now: number };
  close(): Promise<void>;
}

/**
 * A real runtime (config, SQLite file in a temp folder, flags, channels, engine) for tests of an edge.
 * `env` is what the app would read from the environment (NODE_ENV=test unless it says otherwise); the
 * clock starts at the real time and only moves when a test moves it.
 */
export async function startTestRuntime(app: string, env: Record<string, string> = {}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), `otp-${app}-`));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs = new LogCapture(app);
  const clock = { now: Date.now() };
  const runtime = await createRuntime(config, {
    app,
    logger: logs.logger,
    clock: () => clock.now,
  });
  return {
    runtime,
    logs,
    dir,
    clock,
    close: async () => {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
