import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const SHOWN_LOG_LINES = 15;
const CLOCK_TICKS_PER_SECOND = 100;

/** The `listening` log line every app (and each bench child) prints once it accepts connections. */
export interface ListeningLine {
  readonly msg: 'listening';
  readonly port: number;
  readonly [key: string]: unknown;
}

export interface SpawnSpec {
  /** For messages: `gateway`, `express-baseline`, … */
  readonly name: string;
  /** The bundled entry point (dist/…/main.js). */
  readonly script: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** stdout and stderr go to this file (reading them through a pipe would load the bench's CPU). */
  readonly logFile: string;
  readonly nodeArgs?: readonly string[];
  /** Open an IPC channel (the fake provider answers counts over it). */
  readonly ipc?: boolean;
}

export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly ready: ListeningLine;
  readonly child: ChildProcess;
  /** Resident set size now, in bytes (0 when it cannot be read). */
  rssBytes(): number;
  /** CPU seconds used so far (0 when it cannot be read). */
  cpuSeconds(): number;
  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code. Safe to call twice. */
  stop(): Promise<number | null>;
}

/** The last lines of a log file, for an error message. */
export function tailOf(file: string, count = SHOWN_LOG_LINES): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

function findListening(file: string): ListeningLine | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line) as Partial<ListeningLine>;
      if (entry.msg === 'listening' && typeof entry.port === 'number') return entry as ListeningLine;
    } catch {
      // not JSON
    }
  }
  return null;
}

/** Resident set size of a process in bytes, from /proc (Linux) or `ps` (elsewhere); 0 when unknown. */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux, or gone
  }
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
  } catch {
    return 0;
  }
}

/**
 * CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat (Linux; the
 * kernel counts in clock ticks, 100 per second on the usual kernels). 0 when it cannot be read.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * Starts a Node process from a bundled script with its output in a file, and waits for its
 * `listening` line. If it exits or stays silent, the error carries the end of its log.
 */
export async function startService(spec: SpawnSpec): Promise<Service> {
  const out = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: spec.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let ready: ListeningLine | null = null;
  while (!ready) {
    ready = findListening(spec.logFile);
    if (ready) break;
    if (exitCode !== undefined || Date.now() > deadline) {
      if (exitCode === undefined) child.kill('SIGKILL');
      const why =
        exitCode === undefined
          ? `did not listen within ${READY_TIMEOUT_MS / 1000} s`
          : `exited (${exitCode})`;
      const tail = tailOf(spec.logFile);
      throw new Error(`${spec.name} ${why}: ${tail.split('\n').at(-1) ?? ''}\n${tail}`);
    }
    await sleep(50);
  }

  let stopping: Promise<number | null> | null = null;
  return {
    name: spec.name,
    pid: child.pid ?? -1,
    port: ready.port,
    ready,
    child,
    rssBytes: () => (child.pid ? rssOf(child.pid) : 0),
    cpuSeconds: () => (child.pid ? cpuSecondsOf(child.pid) : 0),
    stop: () =>
      (stopping ??= (async () => {
        if (exitCode !== undefined) return exitCode;
        child.kill('SIGTERM');
        const late = sleep(STOP_GRACE_MS, 'late' as const, { ref: false });
        if ((await Promise.race([exited, late])) === 'late') child.kill('SIGKILL');
        return exited;
      })()),
  };
}
