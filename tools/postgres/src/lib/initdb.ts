import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Binaries } from './binaries';
import type { ServerUser } from './server-user';

export interface ClusterSettings {
  readonly dataDir: string;
  readonly superuser: string;
  readonly password: string;
  /** Skip fsync while creating it (throw-away clusters). */
  readonly noSync: boolean;
}

/** The environment PostgreSQL's programs get: a C locale, so messages and collation never depend on the host. */
export function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
}

/** spawn() options that run a program as the server user (only set when that is another user). */
export function runAs(user: ServerUser): { uid?: number; gid?: number } {
  return user.switched ? { uid: user.uid, gid: user.gid } : {};
}

/** True when `dataDir` already holds a cluster. */
export function hasCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * Creates a cluster with `initdb` (UTF-8, C locale, SCRAM passwords) as the server user: the data folder
 * is created and handed to that user first, and the password travels in a file only it can read,
 * removed afterwards. Throws with initdb's own output when it fails.
 */
export async function initCluster(bin: Binaries, user: ServerUser, settings: ClusterSettings): Promise<void> {
  mkdirSync(settings.dataDir, { recursive: true });
  const passwordFile = `${settings.dataDir}.password`;
  writeFileSync(passwordFile, `${settings.password}\n`, { mode: 0o600 });
  if (user.switched) {
    chownSync(settings.dataDir, user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  chmodSync(settings.dataDir, 0o700);
  const args = [
    `--pgdata=${settings.dataDir}`,
    `--username=${settings.superuser}`,
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    ...(settings.noSync ? ['--no-sync'] : []),
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(bin.initdb, args, {
        ...runAs(user),
        env: serverEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code, signal) =>
        code === 0
          ? resolve()
          : reject(new Error(`initdb failed (${signal ?? code}):\n${output.slice(-2000)}`)),
      );
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}
