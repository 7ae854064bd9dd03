#!/usr/bin/env node
// Regenerates the TypeScript types of proto/ into libs/contract/src/generated with the same loader
// options the apps use at run time (libs/contract/src/lib/proto.ts). `--check` fails when the committed
// files differ from what the proto would generate now (CI runs it).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const target = join(root, 'libs/contract/src/generated');
const check = process.argv.includes('--check');
const out = mkdtempSync(join(tmpdir(), 'proto-gen-'));

execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
    'agentmitra/otp/v1/otp.proto',
    '--keepCase',
    '--longs=Number',
    '--enums=String',
    '--defaults',
    '--oneofs',
    '--grpcLib=@grpc/grpc-js',
    `--outDir=${out}`,
    `--includeDirs=${join(root, 'proto')}`,
  ],
  { stdio: 'inherit' },
);

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });

// The generator writes the absolute path of the proto; keep the files independent of the checkout.
for (const file of files(out)) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.split(`Original file: ${join(root, 'proto')}/`).join('Original file: proto/'));
}

if (check) {
  const fresh = files(out)
    .map((f) => relative(out, f))
    .sort();
  let committed = [];
  try {
    committed = files(target)
      .map((f) => relative(target, f))
      .sort();
  } catch {
    committed = [];
  }
  const drift = [...new Set([...fresh, ...committed])].filter((name) => {
    try {
      return readFileSync(join(out, name), 'utf8') !== readFileSync(join(target, name), 'utf8');
    } catch {
      return true;
    }
  });
  rmSync(out, { recursive: true, force: true });
  if (drift.length > 0) {
    console.error(`Generated proto types are out of date (${drift.join(', ')}). Run: npm run proto:gen`);
    process.exit(1);
  }
  console.log('proto types are up to date');
} else {
  rmSync(target, { recursive: true, force: true });
  cpSync(out, target, { recursive: true });
  rmSync(out, { recursive: true, force: true });
  console.log(`wrote ${relative(root, target)}`);
}
