import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@agent-mitra/config';
import { SqliteStore } from '@agent-mitra/store';
import { createPruneDuty, retentionRules } from './prune-duty';

const DAY = 86_400_000;
const NOW = 100 * DAY;

describe('prune duty', () => {
  let dir: string;
  let store: SqliteStore;
  const logged: object[] = [];
  const logger = { info: (details: object) => void logged.push(details) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'otp-prune-'));
    store = new SqliteStore(join(dir, 'otp.sqlite'));
    logged.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (id: string, expiresAt: number) => ({
    id,
    phoneHash: 'h',
    phoneMasked: '+91******3210',
    country: 'IN',
    channel: 'sms' as const,
    purpose: null,
    codeHash: 'c',
    codeOrigin: 'server' as const,
    callerClass: 'public' as const,
    mock: false,
    createdAt: expiresAt - 300_000,
    expiresAt,
    maxAttempts: 5,
  });

  it('keeps delivery history DELIVERY_RETENTION_DAYS and drops ended counters at once', async () => {
    const rules = retentionRules(loadConfig({ NODE_ENV: 'test', DELIVERY_RETENTION_DAYS: '30' }));
    await store.createRequest(request('old', NOW - 31 * DAY));
    await store.createRequest(request('recent', NOW - 29 * DAY));
    await store.consumeQuota([{ key: 'ended', limit: 1, windowMs: 1 }], NOW - 1_000);
    await store.consumeQuota([{ key: 'running', limit: 1, windowMs: 60_000 }], NOW);
    await createPruneDuty({ store, rules, logger, clock: () => NOW }).run(new AbortController().signal);
    expect(await store.getRequest('old')).toBeNull();
    expect(await store.getRequest('recent')).not.toBeNull();
    expect(await store.consumeQuota([{ key: 'ended', limit: 1, windowMs: 1 }], NOW)).toEqual({
      allowed: true,
    });
    expect(await store.consumeQuota([{ key: 'running', limit: 1, windowMs: 60_000 }], NOW)).toMatchObject({
      allowed: false,
    });
    expect(logged).toEqual([{ deleted: { rate_counters: 1, otp_requests: 1 } }]);
  });

  it('keeps the audit trail AUDIT_RETENTION_DAYS, then deletes it', async () => {
    const rules = retentionRules(loadConfig({ NODE_ENV: 'test', AUDIT_RETENTION_DAYS: '10' }));
    const row = (requestId: string, at: number) => ({
      at,
      action: 'send' as const,
      requestId,
      channel: 'sms' as const,
      provider: 'twilio' as const,
      outcome: 'sent',
      detail: null,
      callerKind: 'public' as const,
      callerId: null,
      clientIpHash: null,
      phoneHash: 'h',
      phoneMasked: '+91******3210',
      country: 'IN',
    });
    await store.appendAudit(row('old', NOW - 11 * DAY));
    await store.appendAudit(row('recent', NOW - 9 * DAY));
    await createPruneDuty({ store, rules, logger, clock: () => NOW }).run(new AbortController().signal);
    expect((await store.listAudit({ limit: 10 })).entries.map((e) => e.requestId)).toEqual(['recent']);
    expect(logged).toEqual([{ deleted: { audit_log: 1 } }]);
  });

  it('works in batches until a short one, and at most maxBatchesPerRun per table', async () => {
    for (let i = 0; i < 7; i += 1) await store.consumeQuota([{ key: `k${i}`, limit: 1, windowMs: 1 }], 0);
    const rules = [{ target: 'rate_counters' as const, keepMs: 0 }];
    const batches: number[] = [];
    const counting = {
      pruneBatch: async (...args: Parameters<SqliteStore['pruneBatch']>) => {
        const deleted = await store.pruneBatch(...args);
        batches.push(deleted);
        return deleted;
      },
    };
    const signal = new AbortController().signal;
    await createPruneDuty({
      store: counting,
      rules,
      logger,
      clock: () => 10,
      batchSize: 2,
      maxBatchesPerRun: 2,
    }).run(signal);
    expect(batches).toEqual([2, 2]);
    await createPruneDuty({ store: counting, rules, logger, clock: () => 10, batchSize: 2 }).run(signal);
    expect(batches).toEqual([2, 2, 2, 1]);
  });

  it('stops between batches when the app stops', async () => {
    for (let i = 0; i < 4; i += 1) await store.consumeQuota([{ key: `k${i}`, limit: 1, windowMs: 1 }], 0);
    const abort = new AbortController();
    let calls = 0;
    const stopping = {
      pruneBatch: async (...args: Parameters<SqliteStore['pruneBatch']>) => {
        calls += 1;
        abort.abort();
        return store.pruneBatch(...args);
      },
    };
    const rules = retentionRules({ retention: { deliveryDays: 30, auditDays: 90 } });
    await createPruneDuty({ store: stopping, rules, logger, clock: () => 10, batchSize: 1 }).run(
      abort.signal,
    );
    expect(calls).toBe(1);
  });
});
