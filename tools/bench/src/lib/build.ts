import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/** The repository root, from tools/bench/src/lib. */
export const ROOT = resolve(__dirname, '../../../..');

/** The bench's own child processes, bundled beside the apps into dist/bench/. */
const CHILDREN = ['http-baseline', 'grpc-baseline', 'fake-twilio'] as const;
export type ChildName = (typeof CHILDREN)[number];

export function appScript(app: string): string {
  return join(ROOT, 'dist', app, 'main.js');
}

export function childScript(child: ChildName): string {
  return join(ROOT, 'dist', 'bench', `${child}.js`);
}

/**
 * Builds what the bench starts: the apps exactly as `npm start` does (tools/scripts/build.mjs), and the
 * baselines and the fake provider with the same esbuild settings (our libs inlined, npm packages
 * external), so every server runs as plain bundled JavaScript with the same Node flags.
 */
export async function buildAll(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'tools/scripts/build.mjs')], { stdio: 'ignore' });
  await Promise.all(
    CHILDREN.map((child) =>
      build({
        entryPoints: [join(ROOT, 'tools/bench/src/children', `${child}.ts`)],
        outfile: childScript(child),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        sourcemap: true,
        tsconfig: join(ROOT, 'tsconfig.base.json'),
        logLevel: 'warning',
      }),
    ),
  );
}
