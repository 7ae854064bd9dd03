import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@agent-mitra/postgres-harness';
import { PostgresStore, SqliteStore, type OtpStore } from '@agent-mitra/store';
import { ROOT } from './processes';

// `npm run store:copy` moves a SQLite store to PostgreSQL (README "Deployment"): what was written through
// one adapter reads back the same through the other.
let dir: string;
let db: TestDatabase;
let sqlite: SqliteStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'store-copy-'));
  db = await createTestDatabase('store_copy');
  sqlite = new SqliteStore(join(dir, 'otp.sqlite'));
});
afterAll(async () => {
  await sqlite?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const request = (id: string, createdAt: number) => ({
  id,
  phoneHash: 'phone-hash',
  phoneMasked: '+91******3210',
  country: 'IN',
  channel: 'whatsapp' as const,
  purpose: 'login',
  codeHash: `code-of-${id}`,
  codeOrigin: 'server' as const,
  callerClass: 'public' as const,
  mock: false,
  createdAt,
  expiresAt: createdAt + 300_000,
  maxAttempts: 5,
});

async function fill(store: OtpStore): Promise<void> {
  for (const [id, at] of [
    ['req-old', 1_000],
    ['req-new', 2_000],
  ] as const) {
    await store.createRequest(request(id, at));
    const attempt = {
      requestId: id,
      recipientMasked: '+91******3210',
      errorCode: null,
      errorMessage: null,
      at,
    };
    await store.recordSendAttempt({
      ...attempt,
      channel: 'whatsapp',
      provider: 'whatsapp',
      messageKey: null,
      status: 'failed',
    });
    await store.recordSendAttempt({
      ...attempt,
      channel: 'sms',
      provider: 'twilio',
      messageKey: `SM-${id}`,
      status: 'queued',
    });
    await store.completeSend(id, { ok: true, provider: 'twilio', messageKey: `SM-${id}`, channel: 'sms' });
  }
  await store.registerAttempt('req-new', 2_500);
  for (const [status, at] of [
    ['delivered', 2_200],
    ['sent', 2_100],
  ] as const) {
    await store.recordDeliveryEvent({
      provider: 'twilio',
      messageKey: 'SM-req-new',
      status,
      at,
      receivedAt: at,
      dedupeKey: `${status}:${at}`,
      errorCode: null,
      errorMessage: null,
      recipientMasked: '+91******3210',
      details: { raw: status },
    });
  }
  await store.consumeQuota([{ key: 'cooldown:phone-hash:sms', limit: 1, windowMs: 10_000_000_000_000 }], 1);
  await store.claimIdempotency({
    scope: 'send',
    key: 'k',
    fingerprint: 'f',
    now: 1,
    ttlMs: 10_000_000_000_000,
    staleAfterMs: 60_000,
  });
  await store.completeIdempotency('send', 'k', '{"answer":1}');
}

async function view(store: OtpStore) {
  return {
    requests: await Promise.all(['req-old', 'req-new'].map((id) => store.getRequest(id))),
    latest: (await store.findLatestPending('phone-hash'))?.id,
    attempts: await store.listSendAttempts('req-new'),
    delivery: await store.getDelivery('SM-req-new'),
    cooldown: await store.consumeQuota([{ key: 'cooldown:phone-hash:sms', limit: 1, windowMs: 1 }], 2),
    replay: await store.claimIdempotency({
      scope: 'send',
      key: 'k',
      fingerprint: 'f',
      now: 2,
      ttlMs: 1,
      staleAfterMs: 1,
    }),
  };
}

it('npm run store:copy moves every record, keeps their order, and never copies twice', async () => {
  await fill(sqlite);
  const copy = () =>
    promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'tools/scripts/copy-sqlite-to-postgres.ts',
        join(dir, 'otp.sqlite'),
        db.url,
      ],
      {
        cwd: ROOT,
      },
    );
  expect((await copy()).stdout).toContain('delivery_events: 4 rows copied');
  await expect(copy()).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('already holds data'),
  });

  const postgres = await PostgresStore.open(db.url);
  try {
    const expected = await view(sqlite);
    expect(expected.latest).toBe('req-new');
    expect(expected.attempts).toHaveLength(2);
    expect(expected.cooldown.allowed).toBe(false);
    expect(await view(postgres)).toEqual(expected);
  } finally {
    await postgres.close();
  }
}, 60_000);
