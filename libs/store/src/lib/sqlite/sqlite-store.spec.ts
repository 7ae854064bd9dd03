import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, SqliteStore } from '../../index';
import { describeStoreContract } from '../../testing/store-contract';

describeStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'otp-store-'));
  const file = join(dir, 'nested', 'otp.sqlite');
  const store = await openStore({ databaseUrl: `sqlite:${file}` });
  const peers: SqliteStore[] = [];
  return {
    store,
    openPeer: async () => {
      const peer = new SqliteStore(file);
      peers.push(peer);
      return peer;
    },
    cleanup: async () => {
      await store.close();
      for (const peer of peers) await peer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store', () => {
  it('runs its migrations once, however many processes open the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otp-store-'));
    const file = join(dir, 'otp.sqlite');
    const a = new SqliteStore(file);
    const b = new SqliteStore(file);
    expect(a.kind).toBe('sqlite');
    return Promise.all([a.close(), b.close()]).finally(() => rmSync(dir, { recursive: true, force: true }));
  });

  it('turns a database failure into STORE_UNAVAILABLE without its text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otp-store-'));
    const store = new SqliteStore(join(dir, 'otp.sqlite'));
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: expect.not.stringContaining('sqlite'),
    });
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a URL of another database with a clear message', async () => {
    await expect(openStore({ databaseUrl: 'mysql://localhost/otp' })).rejects.toThrow(/DATABASE_URL/);
  });

  describe('when another process holds the write lock', () => {
    let dir: string;
    let holder: Database.Database;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'otp-store-'));
    });
    afterEach(() => {
      if (holder?.inTransaction) holder.exec('ROLLBACK');
      holder?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Opens the store, then takes the file's write lock on a second connection, as another process would. */
    function lockedStore(budgetMs: number): SqliteStore {
      const store = new SqliteStore(join(dir, 'otp.sqlite'), { busyTimeoutMs: 20, budgetMs });
      holder = new Database(join(dir, 'otp.sqlite'));
      holder.exec('BEGIN IMMEDIATE');
      return store;
    }

    it('waits without blocking this process, then goes on once the lock is free', async () => {
      const store = lockedStore(10_000);
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 5);
      // Freed from a timer of this very process: it can only fire if the wait leaves the event loop running.
      const release = setTimeout(() => holder.exec('COMMIT'), 150);
      try {
        const bucket = [{ key: 'k', limit: 1, windowMs: 1_000 }];
        await expect(store.consumeQuota(bucket, 0)).resolves.toEqual({ allowed: true });
        expect(holder.inTransaction).toBe(false);
        expect(ticks).toBeGreaterThan(3);
      } finally {
        clearInterval(ticker);
        clearTimeout(release);
        await store.close();
      }
    });

    it('answers STORE_UNAVAILABLE when the lock stays taken past its budget', async () => {
      const store = lockedStore(100);
      try {
        await expect(store.consumeQuota([{ key: 'k', limit: 1, windowMs: 1_000 }], 0)).rejects.toMatchObject({
          code: 'STORE_UNAVAILABLE',
        });
        await expect(store.getRequest('nope')).resolves.toBeNull(); // readers are not blocked (WAL)
      } finally {
        await store.close();
      }
    });
  });
});
