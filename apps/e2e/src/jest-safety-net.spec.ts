import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from './processes';

// A suite that fails and leaves a server open must end the run red, not hang it; and the run's own
// PostgreSQL (global setup) must be stopped by the global teardown all the same.
let nested: ChildProcess | undefined;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jest-safety-'));
});
afterAll(() => {
  if (nested && nested.exitCode === null) nested.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('a failing suite that leaves a server open ends the Jest run non-zero, with its database stopped', async () => {
  const report = join(dir, 'report.json');
  const env: NodeJS.ProcessEnv = { ...process.env, FIXTURE_REPORT: report };
  delete env['TEST_DATABASE_URL']; // the nested run starts (and must stop) its own PostgreSQL
  delete env['TEST_DATABASE_SSLROOTCERT'];
  const run = spawn(
    process.execPath,
    [
      require.resolve('jest/bin/jest'),
      '--config',
      join(ROOT, 'apps/e2e/fixtures/failing-suite/jest.config.js'),
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  nested = run;
  let output = '';
  run.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  run.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((done) => run.once('exit', (exitCode) => done(exitCode)));

  expect(output).toContain('fails with the server still open');
  expect(code).toBe(1);
  const seen = JSON.parse(readFileSync(report, 'utf8')) as { databaseUrl?: string; serverOpen: boolean };
  expect(seen.serverOpen).toBe(true);
  expect(seen.databaseUrl).toMatch(/^postgres:\/\//);
  const client = new Client({ connectionString: seen.databaseUrl, connectionTimeoutMillis: 2_000 });
  await expect(client.connect()).rejects.toThrow();
}, 90_000);
