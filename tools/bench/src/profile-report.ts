/**
 * `npm run bench:profile -- FILE.cpuprofile […]`: where the busy time of an app went, by component
 * (our libs and apps, npm packages, Node built-ins; native calls counted for their caller) and by
 * function, with bundled positions mapped back to the TypeScript sources through dist's source maps.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseProfile, type CpuProfile, type Locate, type Share } from './lib/cpu-profile';
import { ROOT } from './lib/build';

function sourceMapLocator(): Locate {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null;
      // Only our bundles: packages' own maps point at sources that are not shipped.
      if (url.startsWith('file://') && fileURLToPath(url).startsWith(`${ROOT}/dist/`)) {
        try {
          const path = fileURLToPath(url);
          map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
        } catch {
          map = null;
        }
      }
      maps.set(url, map);
    }
    return maps.get(url) ?? null;
  };
  return (url, line, column) => {
    const map = mapOf(url);
    if (!map) {
      const file = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
      return { file, line: line + 1 };
    }
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    if (!entry.originalSource) return null;
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : entry.originalSource;
    return {
      file: relative(ROOT, source.replace(/^(\.\.\/)+/, `${ROOT}/`)),
      line: (entry.originalLine ?? 0) + 1,
    };
  };
}

function table(title: string, shares: readonly Share[]): string {
  const lines = shares.map(
    (share) =>
      `${(share.share * 100).toFixed(1).padStart(5)} %  ${share.ms.toFixed(0).padStart(7)} ms  ${share.name}`,
  );
  return `${title}\n${lines.join('\n')}\n`;
}

const { values, positionals: files } = parseArgs({
  allowPositionals: true,
  options: { focus: { type: 'string' } },
});
if (files.length === 0) {
  process.stderr.write(
    'usage: npm run bench:profile -- [--focus FUNCTION] FILE.cpuprofile [...] (from npm run bench -- --profile DIR)\n',
  );
  process.exit(2);
}
const locate = sourceMapLocator();
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const report = analyseProfile(profile, locate, values.focus ? { focus: values.focus } : {});
  process.stdout.write(
    [
      `# ${file}: ${(report.totalMs / 1000).toFixed(1)} s profiled, ${(report.startupMs / 1000).toFixed(1)} s startup and module loading (left out), ${(report.busyMs / 1000).toFixed(1)} s busy serving${values.focus ? ` under ${values.focus}()` : ''}`,
      table('## Self time by component (native calls counted for their caller)', report.selfByComponent),
      table('## Time with the component on the stack', report.inclusiveByComponent),
      table('## Self time by function', report.selfByFunction),
      table('## Time with our function on the stack (libs/, apps/)', report.inclusiveByOwnFunction),
    ].join('\n\n'),
  );
}
