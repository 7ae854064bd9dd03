import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SqliteStore } from '../../index';
import { describeBreakerContract } from '../../testing/breaker-contract';
import { describeStoreContract, type StoreHandle } from '../../testing/store-contract';

async function openSqlite(): Promise<StoreHandle> {
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
}

describeStoreContract('sqlite', openSqlite);
describeBreakerContract('sqlite', openSqlite);

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

  it('refuses a postgres URL with a clear message until that adapter exists', async () => {
    await expect(openStore({ databaseUrl: 'postgres://localhost/otp' })).rejects.toThrow(/DATABASE_URL/);
  });
});
