/**
 * What the audit trail (DESIGN §9) needs from every OtpStore adapter: cheap appends, pages newest first
 * that continue exactly where the last one stopped, every filter, and pruning by age. Each adapter's
 * spec calls `describeAuditContract` with the same factory it gives `describeStoreContract`.
 */
import type { AuditEntry, OtpStore } from '../lib/port';
import type { StoreHandle } from './store-contract';

const T0 = 1_700_000_000_000;

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0,
    action: 'send',
    requestId: 'req-1',
    channel: 'sms',
    provider: 'twilio',
    outcome: 'sent',
    detail: null,
    callerKind: 'public',
    callerId: null,
    clientIpHash: 'ip-hash-1',
    phoneHash: 'phone-hash-a',
    phoneMasked: '+91******3210',
    country: 'IN',
    ...overrides,
  };
}

export function describeAuditContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract: audit trail`, () => {
    let handle: StoreHandle;
    let store: OtpStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    it('reads back every field it was given, newest first, with increasing ids', async () => {
      const first = entry();
      const second = entry({
        at: T0 + 1,
        action: 'admin',
        requestId: null,
        channel: null,
        provider: null,
        outcome: 'denied',
        detail: 'GET /api/v1/admin/audit',
        callerKind: 'admin',
        callerId: 'abcdef012345',
        clientIpHash: null,
        phoneHash: null,
        phoneMasked: null,
        country: null,
      });
      await store.appendAudit(first);
      await store.appendAudit(second);
      const page = await store.listAudit({ limit: 10 });
      expect(page.nextCursor).toBeNull();
      expect(page.entries.map(({ id: _id, ...rest }) => rest)).toEqual([second, first]);
      const [newer, older] = page.entries;
      expect(newer?.id).toBeGreaterThan(older?.id ?? Infinity);
    });

    it('pages without gaps or repeats, each page continuing from the last id', async () => {
      for (let i = 0; i < 7; i += 1) await store.appendAudit(entry({ at: T0 + i, requestId: `req-${i}` }));
      const seen: string[] = [];
      let before: number | undefined;
      const sizes: number[] = [];
      do {
        const page = await store.listAudit({ limit: 3, before });
        sizes.push(page.entries.length);
        seen.push(...page.entries.map((e) => e.requestId ?? '?'));
        before = page.nextCursor ?? undefined;
      } while (before !== undefined);
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual(['req-6', 'req-5', 'req-4', 'req-3', 'req-2', 'req-1', 'req-0']);
      // A page that ends exactly at the last row says so (no empty page after it).
      expect((await store.listAudit({ limit: 7 })).nextCursor).toBeNull();
    });

    it('filters by time range, phone hash, request id, outcome and action, all together', async () => {
      await store.appendAudit(entry({ at: T0, requestId: 'a', outcome: 'sent' }));
      await store.appendAudit(
        entry({ at: T0 + 10, requestId: 'a', action: 'verify', outcome: 'invalid_code' }),
      );
      await store.appendAudit(entry({ at: T0 + 20, requestId: 'a', action: 'verify', outcome: 'approved' }));
      await store.appendAudit(
        entry({ at: T0 + 30, requestId: 'b', phoneHash: 'phone-hash-b', outcome: 'refused' }),
      );
      const ids = async (query: Parameters<OtpStore['listAudit']>[0]) =>
        (await store.listAudit(query)).entries.map((e) => `${e.requestId}:${e.outcome}`);

      expect(await ids({ limit: 10, from: T0 + 10, to: T0 + 30 })).toEqual(['a:approved', 'a:invalid_code']);
      expect(await ids({ limit: 10, phoneHash: 'phone-hash-b' })).toEqual(['b:refused']);
      expect(await ids({ limit: 10, requestId: 'a', action: 'send' })).toEqual(['a:sent']);
      expect(await ids({ limit: 10, outcome: 'refused' })).toEqual(['b:refused']);
      expect(await ids({ limit: 10, action: 'verify', phoneHash: 'phone-hash-a', from: T0 + 15 })).toEqual([
        'a:approved',
      ]);
      expect(await ids({ limit: 10, requestId: 'nobody' })).toEqual([]);
    });

    it('keeps rows appended at once on two connections, each once', async () => {
      const peer = await handle.openPeer();
      try {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? store : peer).appendAudit(entry({ requestId: `r${i}` })),
          ),
        );
        const page = await peer.listAudit({ limit: 20 });
        expect(page.entries.map((e) => e.requestId).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => `r${i}`).sort(),
        );
        expect(new Set(page.entries.map((e) => e.id)).size).toBe(10);
      } finally {
        await peer.close();
      }
    });

    it('is pruned by age, in batches, keeping what is not due', async () => {
      for (let i = 0; i < 5; i += 1) await store.appendAudit(entry({ at: T0 + i, requestId: `old-${i}` }));
      await store.appendAudit(entry({ at: T0 + 1_000, requestId: 'kept' }));
      expect(await store.pruneBatch('audit_log', T0 + 1_000, 3)).toBe(3);
      expect(await store.pruneBatch('audit_log', T0 + 1_000, 3)).toBe(2);
      expect(await store.pruneBatch('audit_log', T0 + 1_000, 3)).toBe(0);
      expect((await store.listAudit({ limit: 10 })).entries.map((e) => e.requestId)).toEqual(['kept']);
      // Ids are never given again, so a cursor from before the prune still means the same place.
      await store.appendAudit(entry({ at: T0 + 2_000, requestId: 'after' }));
      const [after, kept] = (await store.listAudit({ limit: 10 })).entries;
      expect(after?.id).toBeGreaterThan(kept?.id ?? Infinity);
    });
  });
}
