import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canReach, serverUser } from './server-user';

/**
 * A kept cluster's data folder that the server user can use: `asked` itself, or, when we are root and
 * the `postgres` user cannot enter its parent (a checkout under /root or another closed folder),
 * `/var/tmp/agent-mitra-otp-<label>-<hash of asked>/data` — kept across restarts, one per checkout.
 * `moved` says which, so a CLI can tell the user.
 */
export function reachableDataFolder(asked: string, label: string): { dataDir: string; moved: boolean } {
  mkdirSync(dirname(asked), { recursive: true });
  if (canReach(dirname(asked), serverUser())) return { dataDir: asked, moved: false };
  const hash = createHash('sha256').update(asked).digest('hex').slice(0, 12);
  const dataDir = join('/var/tmp', `agent-mitra-otp-${label}-${hash}`, 'data');
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  return { dataDir, moved: true };
}
