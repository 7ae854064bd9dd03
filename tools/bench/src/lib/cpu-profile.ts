/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the report reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds since the previous sample, one per sample. */
  readonly timeDeltas: readonly number[];
}

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    /** 0-based. */
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

/** Where a frame's code came from: an original source file and line (after source maps), or the url. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** Maps a bundled position to its original source (tools/bench's report uses the bundles' source maps). */
export type Locate = (url: string, line: number, column: number) => Origin | null;

export interface Share {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (not idle) time. */
  readonly share: number;
}

export interface ProfileReport {
  readonly totalMs: number;
  /** Loading modules and building the app (`startApp`, `require`, including lazy requires later): left out of the shares. */
  readonly startupMs: number;
  /** Busy time after startup: what the shares are of. */
  readonly busyMs: number;
  /** Self time by component; a native function (no url: better-sqlite3's run(), crypto…) counts for its caller's component, marked "(native)". */
  readonly selfByComponent: readonly Share[];
  /** Time with at least one frame of the component on the stack. */
  readonly inclusiveByComponent: readonly Share[];
  /** Self time by function, with its original location. */
  readonly selfByFunction: readonly Share[];
  /** Time with the function on the stack, for the project's own code (libs/, apps/): which use case costs what. */
  readonly inclusiveByOwnFunction: readonly Share[];
}

const IDLE = '(idle)';

/** A frame of module loading or of the app's start: its samples are startup, not serving. */
function isStartupFrame(node: ProfileNode): boolean {
  return (
    node.callFrame.url.startsWith('node:internal/modules/') || node.callFrame.functionName === 'startApp'
  );
}

/**
 * The component a source file belongs to: `libs/store`, `apps/gateway`, an npm package (`express`,
 * `@grpc/grpc-js`), or a Node built-in area (`node:http`, `node:streams`).
 */
export function componentOf(file: string): string {
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? file);
  }
  const project = /(?:^|\/)((?:libs|apps|tools)\/[^/]+)\//.exec(file);
  if (project?.[1]) return project[1];
  if (file.startsWith('node:')) {
    const parts = file.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' ? (parts[1] ?? 'internal').replace(/\.js$/, '') : parts[0]}`;
  }
  return file || '(unknown)';
}

function ranked(totals: Map<string, number>, busyMs: number, limit: number): Share[] {
  return [...totals.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyMs > 0 ? us / 1000 / busyMs : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

const add = (map: Map<string, number>, key: string, value: number) =>
  map.set(key, (map.get(key) ?? 0) + value);

/**
 * Where the busy time of a CPU profile went, by component and by function. With `focus`, only the
 * samples with that function on the stack are counted (the rest is reported as idle).
 */
export function analyseProfile(
  profile: CpuProfile,
  locate: Locate,
  options: { readonly limit?: number; readonly focus?: string } = {},
): ProfileReport {
  const limit = options.limit ?? 25;
  const focus = options.focus;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const originOf = new Map<number, Origin | null>();
  const origin = (node: ProfileNode): Origin | null => {
    if (!originOf.has(node.id)) {
      const { url, lineNumber, columnNumber } = node.callFrame;
      originOf.set(
        node.id,
        url ? (locate(url, lineNumber, columnNumber) ?? { file: url, line: lineNumber + 1 }) : null,
      );
    }
    return originOf.get(node.id) ?? null;
  };
  /** The component of a node, or of its nearest ancestor with code when it is native. */
  const componentFor = (id: number): string => {
    const node = byId.get(id);
    if (!node) return '(unknown)';
    const own = origin(node);
    if (own) return componentOf(own.file);
    const name = node.callFrame.functionName;
    if (name.startsWith('(')) return name;
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      const parent = byId.get(up);
      const found = parent && origin(parent);
      if (found) return `${componentOf(found.file)} (native)`;
    }
    return '(native)';
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  const ownFunctions = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  let startupUs = 0;
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let up: number | undefined = id; up !== undefined; up = parentOf.get(up)) {
      const frame = byId.get(up);
      if (frame) stack.push(frame);
    }
    return stack;
  };
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    totalUs += delta;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === IDLE) {
      idleUs += delta;
      return;
    }
    const stack = stackOf(id);
    if (stack.some(isStartupFrame)) {
      startupUs += delta;
      return;
    }
    // With a focus, only the samples under that function (e.g. verifyOtp) count as busy.
    if (focus && !stack.some((frame) => frame.callFrame.functionName === focus)) {
      idleUs += delta;
      return;
    }
    add(self, componentFor(id), delta);
    const where = origin(node);
    const label = `${node.callFrame.functionName || '(anonymous)'} ${where ? `${where.file}:${where.line}` : `[${componentFor(id)}]`}`;
    add(functions, label, delta);
    const seen = new Set<string>();
    const ownSeen = new Set<string>();
    for (const frame of stack) {
      const found = origin(frame);
      if (!found) continue;
      seen.add(componentOf(found.file));
      if (/^(libs|apps)\//.test(found.file)) {
        ownSeen.add(`${frame.callFrame.functionName || '(anonymous)'} ${found.file}:${found.line}`);
      }
    }
    for (const component of seen) add(inclusive, component, delta);
    for (const label of ownSeen) add(ownFunctions, label, delta);
  });
  const busyMs = (totalUs - idleUs - startupUs) / 1000;
  return {
    totalMs: totalUs / 1000,
    startupMs: startupUs / 1000,
    busyMs,
    selfByComponent: ranked(self, busyMs, limit),
    inclusiveByComponent: ranked(inclusive, busyMs, limit),
    selfByFunction: ranked(functions, busyMs, limit),
    inclusiveByOwnFunction: ranked(ownFunctions, busyMs, limit),
  };
}
