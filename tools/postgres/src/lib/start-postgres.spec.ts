import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { binariesFor, packagedNativeDir, reachableBase } from './binaries';
import { startPostgres } from './start-postgres';
import { createTestDatabase } from './test-database';
import { canReach, serverUser } from './server-user';

const asRoot = userInfo().uid === 0;

async function query<T extends object>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('startPostgres from a checkout other users cannot enter', () => {
  // As root, initdb and postgres run as the `postgres` user: a checkout under /root or a 0700 temp folder
  // used to fail with EACCES. Here both the binaries and TMPDIR live in such a folder.
  let closed: string;
  let savedTmp: string | undefined;
  beforeAll(() => {
    closed = mkdtempSync(join(tmpdir(), 'closed-checkout-'));
    chmodSync(closed, 0o700);
    cpSync(packagedNativeDir(), join(closed, 'native'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(closed, 'tmp'), { mode: 0o700 });
    savedTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = join(closed, 'tmp');
  });
  afterAll(() => {
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    rmSync(closed, { recursive: true, force: true });
  });

  it('finds what the server user can reach, or copies the binaries where it can', () => {
    const user = serverUser();
    expect(user.switched).toBe(asRoot);
    expect(canReach(join(closed, 'native', 'bin'), user)).toBe(!asRoot);
    const base = reachableBase(user);
    expect(base).toBe(asRoot ? '/tmp' : join(closed, 'tmp'));
    const bin = binariesFor(user, join(closed, 'native'));
    expect(canReach(bin.postgres, user)).toBe(true);
    expect(bin.nativeDir.startsWith(closed)).toBe(!asRoot);
    const version = execFileSync(bin.postgres, ['--version'], {
      encoding: 'utf8',
      ...(user.switched ? { uid: user.uid, gid: user.gid } : {}),
    });
    expect(version).toMatch(/PostgreSQL\) \d+/);
  });

  it('starts, answers, survives a stop and start on the same port, and leaves nothing behind', async () => {
    const server = await startPostgres({ nativeDir: join(closed, 'native'), database: 'otp' });
    try {
      expect(await query(server.url, 'SELECT current_database() AS db')).toEqual([{ db: 'otp' }]);
      await query(server.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)');
      const firstPid = server.pid();
      await server.stopServer();
      expect(server.pid()).toBeNull();
      await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
      await server.startServer();
      expect(server.pid()).not.toBe(firstPid);
      expect(await query(server.url, 'SELECT n FROM kept')).toEqual([{ n: 1 }]);
    } finally {
      await server.stop();
    }
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
    expect(() => execFileSync('test', ['-e', server.dataDir])).toThrow();
  }, 60_000);
});

describe('createTestDatabase', () => {
  it('gives each suite its own empty database on the run’s server and drops it', async () => {
    const [a, b] = await Promise.all([createTestDatabase('Harness A'), createTestDatabase('harness-b')]);
    expect(a.name).toMatch(/^harness_a_[0-9a-f]{10}$/);
    await query(a.url, 'CREATE TABLE only_here (n int)');
    expect(await query(b.url, "SELECT to_regclass('only_here') AS t")).toEqual([{ t: null }]);
    await Promise.all([a.drop(), b.drop(), a.drop()]);
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });
});
