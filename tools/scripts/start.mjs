#!/usr/bin/env node
// `npm start`: builds (esbuild, < 1 s) and runs the three apps, or the ones named on the command line
// (`node tools/scripts/start.mjs gateway`). Children share this terminal; SIGINT/SIGTERM stop them all
// cleanly, and if one dies the others are stopped too.
//
// Modes fail closed (DESIGN §2): an app started on its own is production unless NODE_ENV says
// development or test. The npm scripts are for developers, so when neither the environment nor ./.env
// sets NODE_ENV, the children get NODE_ENV=development. A NODE_ENV set anywhere, even empty, is kept.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { buildAll, ENTRIES } from './build.mjs';

const root = new URL('../..', import.meta.url).pathname;
const APPS = ['otp-service', 'gateway', 'webhooks'];
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : APPS;
const unknown = names.filter((name) => !(name in ENTRIES));
if (unknown.length > 0) {
  console.error(`unknown app: ${unknown.join(', ')} (choose from ${Object.keys(ENTRIES).join(', ')})`);
  process.exit(2);
}

const dotEnv = resolve(process.cwd(), '.env');
const dotEnvSetsMode = existsSync(dotEnv) && 'NODE_ENV' in parseEnv(readFileSync(dotEnv, 'utf8'));
const env = { ...process.env };
if (env.NODE_ENV === undefined && !dotEnvSetsMode) env.NODE_ENV = 'development';

const children = new Map();
let stopping = false;
let exitCode = 0;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll('SIGTERM'));
// Started by a test harness with an IPC channel: stop the apps when that process goes away, however it ends.
if (process.send) process.on('disconnect', () => stopAll('SIGTERM'));

await buildAll({ quiet: true });
if (stopping) process.exit(0); // asked to stop while it was building

for (const name of names) {
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist', name, 'main.js')], {
    stdio: 'inherit',
    env,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping && (code !== 0 || signal)) {
      console.error(`${name} exited (${signal ?? code}); stopping the others`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(exitCode);
  });
}

function stopAll(signal) {
  stopping = true;
  for (const child of children.values()) child.kill(signal);
}
