import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, SqliteStore } from '../../index';
import { describeAuditContract } from '../../testing/audit-contract';
import { describeBreakerContract } from '../../testing/breaker-contract';
import { describeSendContract } from '../../testing/send-contract';
import { describeFallbackContract } from '../../testing/fallback-contract';
import { describeStatsContract } from '../../testing/stats-contract';
import { describeStoreContract, type StoreHandle } from '../../testing/store-contract';
import { SQLITE_MIGRATIONS } from './migrations';

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
    sealedPhones: async () => {
      const db = new Database(file, { readonly: true });
      try {
        const row = db
          .prepare('SELECT COUNT(*) AS n FROM otp_requests WHERE fallback_phone IS NOT NULL')
          .get();
        return (row as { n: number }).n;
      } finally {
        db.close();
      }
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
describeFallbackContract('sqlite', openSqlite);
describeStatsContract('sqlite', openSqlite);
describeAuditContract('sqlite', openSqlite);
describeSendContract('sqlite', openSqlite);

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
      const store = new SqliteStore(join(dir, 'otp.sqlite'), { lockWait: { busyTimeoutMs: 20, budgetMs } });
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

describe('sqlite migration 2 (message ids as keyed hashes)', () => {
  const keys = { messageKey: (id: string) => `k_${Buffer.from(id).toString('hex')}` };
  const WAMID = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzU2RkQ2';

  /** A file as the first schema left it: clear message ids and a stored idempotent answer. */
  function versionOneFile(): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'otp-store-v1-'));
    const file = join(dir, 'otp.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_MIGRATIONS[0]?.sql ?? '');
    db.pragma('user_version = 1');
    db.exec(`
      INSERT INTO otp_requests (id, phone_hash, phone_masked, channel, purpose, code_hash, mock, created_at,
        expires_at, attempts, max_attempts, state, provider, message_id, channel_used)
        VALUES ('r1', 'ph', '+91******3210', 'whatsapp', NULL, 'ch', 0, 1, 2, 0, 5, 'pending', 'whatsapp',
        '${WAMID}', 'whatsapp');
      INSERT INTO send_attempts VALUES ('r1', 1, 'whatsapp', 'whatsapp', '${WAMID}', 'sent', NULL, NULL,
        '+91******3210', 1);
      INSERT INTO deliveries VALUES ('whatsapp', '${WAMID}', 'r1', 'whatsapp', 'sent', '+91******3210', 1, 1);
      INSERT INTO delivery_events VALUES ('whatsapp', '${WAMID}', 'send:sent', 'sent', 1, 1, NULL, NULL, NULL);
      INSERT INTO idempotency_keys VALUES ('send', 'kh', 'fp', '{"to":"+919876543210"}', 1, 99999999999999);
    `);
    db.close();
    return { dir, file };
  }

  it('hashes every stored id, marks old requests caller-chosen, drops clear answers, leaves no trace', async () => {
    const { dir, file } = versionOneFile();
    const store = new SqliteStore(file, { migrationKeys: keys });
    try {
      const key = keys.messageKey(WAMID);
      expect(await store.getRequest('r1')).toMatchObject({ messageKey: key, codeOrigin: 'caller' });
      expect((await store.listSendAttempts('r1'))[0]?.messageKey).toBe(key);
      expect(await store.getDelivery(key)).toMatchObject({ requestId: 'r1', events: [{ status: 'sent' }] });
      expect(
        await store.claimIdempotency({
          scope: 'send',
          key: 'kh',
          fingerprint: 'fp',
          now: 2,
          ttlMs: 1000,
          staleAfterMs: 1000,
        }),
      ).toEqual({ state: 'claimed' });
      const bytes = readdirSync(dir)
        .map((name) => readFileSync(join(dir, name)).toString('latin1'))
        .join('');
      expect(bytes).not.toContain('wamid');
      expect(bytes).not.toContain('9876543210');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to migrate stored ids without the keys, and leaves the file as it was', () => {
    const { dir, file } = versionOneFile();
    try {
      expect(() => new SqliteStore(file)).toThrow(/MigrationKeys/);
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openStore', () => {
  it('resolves a relative sqlite: path against the root it is given, not the working directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'otp-root-'));
    const store = await openStore({ databaseUrl: 'sqlite:./data/otp.sqlite', root });
    try {
      expect(existsSync(join(root, 'data', 'otp.sqlite'))).toBe(true);
    } finally {
      await store.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
