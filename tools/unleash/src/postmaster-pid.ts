import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PostgreSQL postmaster's pid from `<dataDir>/postmaster.pid` (first line), or null when it is not running. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
