import { analyseProfile, componentOf, type CpuProfile, type ProfileNode } from './cpu-profile';

describe('componentOf', () => {
  it.each([
    ['libs/store/src/lib/sqlite/requests.ts', 'libs/store'],
    ['apps/gateway/src/routes/mobile.ts', 'apps/gateway'],
    ['node_modules/better-sqlite3/lib/methods/transaction.js', 'better-sqlite3'],
    ['/x/node_modules/@grpc/grpc-js/build/src/server.js', '@grpc/grpc-js'],
    ['node:internal/streams/writable', 'node:streams'],
    ['node:events', 'node:events'],
    ['', '(unknown)'],
  ])('%s → %s', (file, component) => {
    expect(componentOf(file)).toBe(component);
  });
});

describe('analyseProfile', () => {
  const frame = (id: number, functionName: string, url: string, children: number[] = []): ProfileNode => ({
    id,
    callFrame: { functionName, url, lineNumber: id, columnNumber: 0 },
    children,
  });
  // root → handler (bundle) → run (native) ; root → (idle) ; root → require (startup)
  const profile: CpuProfile = {
    nodes: [
      frame(1, '(root)', '', [2, 4, 5]),
      frame(2, 'handler', 'file:///repo/dist/gateway/main.js', [3]),
      frame(3, 'run', ''),
      frame(4, '(idle)', ''),
      frame(5, 'require', 'node:internal/modules/cjs/loader'),
    ],
    samples: [2, 3, 3, 3, 4, 5],
    timeDeltas: [1000, 1000, 1000, 1000, 4000, 2000],
  };
  // The bundle maps to the store's sources.
  const locate = (url: string, line: number) =>
    url.endsWith('main.js') ? { file: 'libs/store/src/lib/sqlite/requests.ts', line: line + 1 } : null;

  it('leaves idle and startup out, and counts a native call for its caller', () => {
    const report = analyseProfile(profile, locate);
    expect(report.totalMs).toBe(10);
    expect(report.startupMs).toBe(2);
    expect(report.busyMs).toBe(4);
    expect(report.selfByComponent).toEqual([
      { name: 'libs/store (native)', ms: 3, share: 0.75 },
      { name: 'libs/store', ms: 1, share: 0.25 },
    ]);
    expect(report.inclusiveByComponent).toEqual([{ name: 'libs/store', ms: 4, share: 1 }]);
    expect(report.selfByFunction[0]).toEqual({ name: 'run [libs/store (native)]', ms: 3, share: 0.75 });
    expect(report.selfByFunction[1]?.name).toBe('handler libs/store/src/lib/sqlite/requests.ts:3');
  });
});
