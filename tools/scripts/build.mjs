#!/usr/bin/env node
// Bundles each app's src/main.ts (and the dev tools) into dist/ with esbuild: our libs are inlined
// through the tsconfig path aliases, npm packages stay external. Takes well under a second.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const ENTRIES = {
  gateway: 'apps/gateway/src/main.ts',
  'otp-service': 'apps/otp-service/src/main.ts',
  webhooks: 'apps/webhooks/src/main.ts',
  'fake-providers': 'tools/fake-providers/src/main.ts',
};

/**
 * The `/ops` dashboard for the browser (apps/gateway/ops-ui): one script and one stylesheet with uPlot
 * inside, into dist/gateway/ops/ (ops.js, ops.css), which the gateway serves itself — no CDN, so the
 * page works offline and under a strict Content-Security-Policy.
 */
export function buildOpsAssets({ quiet = false, outdir = join(root, 'dist', 'gateway', 'ops') } = {}) {
  return build({
    entryPoints: [join(root, 'apps/gateway/ops-ui/main.ts')],
    outfile: join(outdir, 'ops.js'),
    bundle: true,
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    format: 'iife',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    tsconfig: join(root, 'apps/gateway/ops-ui/tsconfig.json'),
    logLevel: quiet ? 'warning' : 'info',
  });
}

export async function buildAll({ quiet = false } = {}) {
  const entries = Object.entries(ENTRIES).filter(([, file]) => existsSync(join(root, file)));
  await Promise.all([
    buildOpsAssets({ quiet }),
    ...entries.map(([name, file]) =>
      build({
        entryPoints: [join(root, file)],
        outfile: join(root, 'dist', name, 'main.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        sourcemap: true,
        tsconfig: join(root, 'tsconfig.base.json'),
        logLevel: quiet ? 'warning' : 'info',
      }),
    ),
  ]);
  return entries.map(([name]) => name);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildAll();
  console.log(`built ${built.join(', ')} into dist/`);
}
