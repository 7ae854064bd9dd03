/**
 * The behaviour every OtpStore adapter must show. Each adapter's spec calls `describeStoreContract`
 * with a factory that opens a fresh, real store (a SQLite file, a PostgreSQL database).
 */
import type { NewOtpRequest, OtpStore } from '../lib/port';
import { describeDeliveryOrderContract } from './delivery-order-contract';

export interface StoreHandle {
  readonly store: OtpStore;
  /** A second connection to the same database, as another process would have. */
  readonly openPeer: () => Promise<OtpStore>;
  /** How many requests hold a sealed fallback phone, read straight from the database. */
  readonly sealedPhones: () => Promise<number>;
  readonly cleanup: () => Promise<void>;
}

/** A moment inside every test request's life (they expire at 2_000_000 unless a test says otherwise). */
const NOW = 1_500_000;

let sequence = 0;
function newRequest(overrides: Partial<NewOtpRequest> = {}): NewOtpRequest {
  sequence += 1;
  return {
    id: `req_${sequence}_${Date.now()}`,
    phoneHash: 'phone-hash-a',
    phoneMasked: '+91******3210',
    country: 'IN',
    channel: 'sms',
    purpose: 'login',
    codeHash: 'code-hash',
    codeOrigin: 'server',
    callerClass: 'public' as const,
    mock: false,
    createdAt: 1_000_000 + sequence,
    expiresAt: 2_000_000,
    maxAttempts: 3,
    ...overrides,
  };
}

/** Message keys are opaque to the store (keyed hashes made by the caller); these stand in for them. */
async function sendOk(store: OtpStore, id: string, messageKey = `key-SM${id}`): Promise<void> {
  await store.recordSendAttempt({
    requestId: id,
    channel: 'sms',
    provider: 'twilio',
    messageKey,
    status: 'queued',
    errorCode: null,
    errorMessage: null,
    recipientMasked: '+91******3210',
    at: 1_000_500,
  });
  await store.completeSend(id, { ok: true, provider: 'twilio', messageKey, channel: 'sms' });
}

export function describeStoreContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract`, () => {
    let handle: StoreHandle;
    let store: OtpStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    describe('requests', () => {
      it('stores a request and reads it back as pending, with no attempts', async () => {
        const request = newRequest();
        await store.createRequest(request);
        const read = await store.getRequest(request.id);
        expect(read).toEqual({
          ...request,
          attempts: 0,
          state: 'pending',
          verifiedAt: null,
          provider: null,
          messageKey: null,
          channelUsed: null,
          locale: null,
          fallbackDueAt: null,
          fallbackReason: null,
          fallbackAt: null,
        });
        expect(await store.getRequest('nope')).toBeNull();
      });

      it('keeps who chose the code, and the message key of the send that carried it', async () => {
        const caller = newRequest({ codeOrigin: 'caller' });
        await store.createRequest(caller);
        await sendOk(store, caller.id, 'key-carrier');
        expect(await store.getRequest(caller.id)).toMatchObject({
          codeOrigin: 'caller',
          callerClass: 'public' as const,
          messageKey: 'key-carrier',
          provider: 'twilio',
          channelUsed: 'sms',
        });
      });

      it('finds the newest sent pending request of a phone and supersedes older ones', async () => {
        const first = newRequest();
        const second = newRequest();
        await store.createRequest(first);
        await sendOk(store, first.id);
        expect((await store.findLatestPending('phone-hash-a'))?.id).toBe(first.id);
        await store.createRequest(second);
        expect((await store.findLatestPending('phone-hash-a'))?.id).toBe(first.id);
        await sendOk(store, second.id);
        expect((await store.findLatestPending('phone-hash-a'))?.id).toBe(second.id);
        expect((await store.getRequest(first.id))?.state).toBe('superseded');
        expect(await store.findLatestPending('phone-hash-b')).toBeNull();
      });

      it('completes a send whose outcome is unknown: no message key, no delivery, still the newest pending', async () => {
        const request = newRequest();
        await store.createRequest(request);
        await store.recordSendAttempt({
          requestId: request.id,
          channel: 'sms',
          provider: 'twilio',
          messageKey: null,
          status: 'unknown',
          errorCode: null,
          errorMessage: 'the Twilio request was sent but no answer came back',
          recipientMasked: '+91******3210',
          at: 1_000_600,
        });
        await store.completeSend(request.id, {
          ok: true,
          provider: 'twilio',
          messageKey: null,
          channel: 'sms',
        });
        expect((await store.listSendAttempts(request.id)).map((a) => a.status)).toEqual(['unknown']);
        expect(await store.listDeliveriesForRequest(request.id)).toEqual([]);
        expect(await store.findLatestPending('phone-hash-a')).toMatchObject({
          id: request.id,
          messageKey: null,
          channelUsed: 'sms',
        });
      });

      it('a slower, older send never supersedes a newer one', async () => {
        const older = newRequest();
        const newer = newRequest();
        await store.createRequest(older);
        await store.createRequest(newer);
        await sendOk(store, newer.id);
        await sendOk(store, older.id);
        expect((await store.getRequest(newer.id))?.state).toBe('pending');
        expect((await store.findLatestPending('phone-hash-a'))?.id).toBe(newer.id);
      });

      it('marks a failed send failed, so it cannot be verified', async () => {
        const request = newRequest();
        await store.createRequest(request);
        await store.completeSend(request.id, { ok: false });
        expect((await store.getRequest(request.id))?.state).toBe('failed');
        expect(await store.registerAttempt(request.id, NOW)).toBeNull();
      });

      it('counts attempts up to the limit and no further', async () => {
        const request = newRequest({ maxAttempts: 3 });
        await store.createRequest(request);
        expect(await store.registerAttempt(request.id, NOW)).toBe(1);
        expect(await store.registerAttempt(request.id, NOW)).toBe(2);
        expect(await store.registerAttempt(request.id, NOW)).toBe(3);
        expect(await store.registerAttempt(request.id, NOW)).toBeNull();
        expect((await store.getRequest(request.id))?.attempts).toBe(3);
      });

      it('checks expiry inside the attempt and the verification themselves', async () => {
        const request = newRequest({ expiresAt: 2_000_000 });
        await store.createRequest(request);
        expect(await store.registerAttempt(request.id, 1_999_999)).toBe(1);
        expect(await store.registerAttempt(request.id, 2_000_000)).toBeNull();
        expect(await store.markVerified(request.id, 2_000_000)).toBe(false);
        expect(await store.markVerified(request.id, 2_000_001)).toBe(false);
        expect((await store.getRequest(request.id))?.state).toBe('pending');
        expect(await store.markVerified(request.id, 1_999_999)).toBe(true);
      });

      it('counts exactly the limit when many connections try at once', async () => {
        const request = newRequest({ maxAttempts: 5 });
        await store.createRequest(request);
        const peer = await handle.openPeer();
        try {
          const counts = await Promise.all(
            Array.from({ length: 12 }, (_, i) => (i % 2 ? store : peer).registerAttempt(request.id, NOW)),
          );
          expect(counts.filter((count) => count !== null).sort()).toEqual([1, 2, 3, 4, 5]);
          expect((await store.getRequest(request.id))?.attempts).toBe(5);
        } finally {
          await peer.close();
        }
      });

      it('verifies a request once only, across connections', async () => {
        const request = newRequest();
        await store.createRequest(request);
        const peer = await handle.openPeer();
        try {
          const results = await Promise.all([
            store.markVerified(request.id, 5),
            peer.markVerified(request.id, 6),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
          expect(await store.markVerified(request.id, 7)).toBe(false);
          expect(await store.registerAttempt(request.id, NOW)).toBeNull();
          expect((await peer.getRequest(request.id))?.state).toBe('verified');
        } finally {
          await peer.close();
        }
      });
    });

    describe('deliveries', () => {
      const event = (status: 'sent' | 'delivered' | 'read' | 'failed', at: number, extra = {}) => ({
        provider: 'whatsapp' as const,
        messageKey: 'key-wamid-abc',
        status,
        at,
        receivedAt: at + 1,
        dedupeKey: `${status}:${at}`,
        errorCode: null,
        errorMessage: null,
        recipientMasked: '+91******3210',
        details: null,
        ...extra,
      });

      it('records send attempts in order and links the message to its request', async () => {
        const request = newRequest();
        await store.createRequest(request);
        await store.recordSendAttempt({
          requestId: request.id,
          channel: 'whatsapp',
          provider: 'whatsapp',
          messageKey: null,
          status: 'failed',
          errorCode: '131026',
          errorMessage: 'Message undeliverable',
          recipientMasked: '+91******3210',
          at: 10,
        });
        await sendOk(store, request.id, 'key-SM1');
        const attempts = await store.listSendAttempts(request.id);
        expect(attempts.map((a) => [a.seq, a.provider, a.status, a.errorCode])).toEqual([
          [1, 'whatsapp', 'failed', '131026'],
          [2, 'twilio', 'queued', null],
        ]);
        const delivery = await store.getDelivery('key-SM1');
        expect(delivery).toMatchObject({
          provider: 'twilio',
          requestId: request.id,
          channel: 'sms',
          status: 'queued',
        });
        expect((await store.listDeliveriesForRequest(request.id)).map((d) => d.messageKey)).toEqual([
          'key-SM1',
        ]);
      });

      it('moves statuses forward only and keeps every distinct event, oldest first', async () => {
        await store.recordDeliveryEvent(event('read', 300));
        await store.recordDeliveryEvent(event('sent', 100));
        await store.recordDeliveryEvent(event('delivered', 200));
        const delivery = await store.getDelivery('key-wamid-abc');
        expect(delivery?.status).toBe('read');
        expect(delivery?.events.map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
      });

      it('ignores duplicates', async () => {
        const first = await store.recordDeliveryEvent(event('delivered', 200));
        const again = await store.recordDeliveryEvent(event('delivered', 200));
        expect(first).toEqual({
          duplicate: false,
          status: 'delivered',
          previous: null,
          createdAt: 201,
          requestId: null,
          phoneHash: null,
          country: null,
        });
        expect(again).toEqual({
          duplicate: true,
          status: 'delivered',
          previous: 'delivered',
          createdAt: 201,
          requestId: null,
          phoneHash: null,
          country: null,
        });
        expect((await store.getDelivery('key-wamid-abc'))?.events).toHaveLength(1);
      });

      it('keeps failures with their error code and details; a later-stamped delivery outranks them', async () => {
        await store.recordDeliveryEvent(
          event('failed', 150, {
            errorCode: '131047',
            errorMessage: 'Re-engagement message',
            details: { category: 'authentication' },
          }),
        );
        expect((await store.getDelivery('key-wamid-abc'))?.status).toBe('failed');
        await store.recordDeliveryEvent(event('delivered', 200));
        const delivery = await store.getDelivery('key-wamid-abc');
        expect(delivery?.status).toBe('delivered');
        expect(delivery?.events[0]).toMatchObject({
          status: 'failed',
          errorCode: '131047',
          errorMessage: 'Re-engagement message',
          details: { category: 'authentication' },
        });
        expect(delivery?.events).toHaveLength(2);
      });

      it('keeps receipts that arrive before the send is stored, then links them', async () => {
        await store.recordDeliveryEvent({
          ...event('delivered', 200),
          provider: 'twilio',
          messageKey: 'key-SMearly',
        });
        const request = newRequest();
        await store.createRequest(request);
        await sendOk(store, request.id, 'key-SMearly');
        const delivery = await store.getDelivery('key-SMearly');
        expect(delivery).toMatchObject({ status: 'delivered', requestId: request.id, channel: 'sms' });
        // Once linked, every receipt says which request its message carried.
        expect(
          await store.recordDeliveryEvent({
            ...event('read', 300),
            provider: 'twilio',
            messageKey: 'key-SMearly',
          }),
        ).toMatchObject({
          duplicate: false,
          status: 'read',
          requestId: request.id,
          phoneHash: request.phoneHash,
          country: request.country,
        });
        expect(delivery?.events.map((e) => e.status).sort()).toEqual(['delivered', 'queued']);
      });

      it('merges receipts arriving at once on two connections into the highest status', async () => {
        const peer = await handle.openPeer();
        try {
          const events = [event('sent', 100), event('read', 300), event('delivered', 200)];
          await Promise.all(
            [...events, ...events].map((e, i) => (i % 2 ? store : peer).recordDeliveryEvent(e)),
          );
          const delivery = await store.getDelivery('key-wamid-abc');
          expect(delivery?.status).toBe('read');
          expect(delivery?.events.map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
        } finally {
          await peer.close();
        }
      });

      it('answers null for an unknown message', async () => {
        expect(await store.getDelivery('key-unknown')).toBeNull();
      });

      describeDeliveryOrderContract(() => store);
    });

    describe('quota', () => {
      const buckets = [
        { key: 'cooldown:a:sms', limit: 1, windowMs: 30_000 },
        { key: 'window:a', limit: 3, windowMs: 600_000 },
      ];

      it('allows up to the limit, then tells how long to wait', async () => {
        expect(await store.consumeQuota(buckets, 0)).toEqual({ allowed: true });
        expect(await store.consumeQuota(buckets, 10_000)).toEqual({
          allowed: false,
          key: 'cooldown:a:sms',
          retryAfterMs: 20_000,
        });
        expect(await store.consumeQuota(buckets, 30_000)).toEqual({ allowed: true });
        expect(await store.consumeQuota(buckets, 60_000)).toEqual({ allowed: true });
        expect(await store.consumeQuota(buckets, 90_000)).toEqual({
          allowed: false,
          key: 'window:a',
          retryAfterMs: 510_000,
        });
        expect(await store.consumeQuota(buckets, 600_000)).toEqual({ allowed: true });
      });

      it('takes nothing from any bucket when one refuses', async () => {
        await store.consumeQuota([{ key: 'x', limit: 1, windowMs: 1000 }], 0);
        await store.consumeQuota(
          [
            { key: 'x', limit: 1, windowMs: 1000 },
            { key: 'y', limit: 1, windowMs: 1000 },
          ],
          1,
        );
        expect(await store.consumeQuota([{ key: 'y', limit: 1, windowMs: 1000 }], 2)).toEqual({
          allowed: true,
        });
      });

      it('peeks without taking, and adds without checking', async () => {
        const failures = [
          { key: 'vf:ip', limit: 2, windowMs: 60_000 },
          { key: 'vf:phone', limit: 5, windowMs: 600_000 },
        ];
        expect(await store.peekQuota(failures, 0)).toEqual({ allowed: true });
        expect(await store.peekQuota(failures, 0)).toEqual({ allowed: true });
        await store.addQuota(failures, 1_000);
        await store.addQuota(failures, 2_000);
        expect(await store.peekQuota(failures, 3_000)).toEqual({
          allowed: false,
          key: 'vf:ip',
          retryAfterMs: 58_000,
        });
        // Adding goes past the limit (the outcome already happened); the window still ends on time.
        await store.addQuota(failures, 4_000);
        expect(await store.peekQuota(failures, 61_000)).toEqual({ allowed: true });
        await store.addQuota(failures, 61_000);
        await store.addQuota(failures, 62_000);
        expect(await store.peekQuota(failures, 63_000)).toEqual({
          allowed: false,
          key: 'vf:phone',
          retryAfterMs: 538_000,
        });
        // A peek names the longest wait, as a consume does, and a consume sees what was added.
        expect(await store.consumeQuota([{ key: 'vf:ip', limit: 3, windowMs: 60_000 }], 63_000)).toEqual({
          allowed: true,
        });
        await store.addQuota([], 0);
        expect(await store.peekQuota([], 0)).toEqual({ allowed: true });
      });

      it('holds exactly across connections', async () => {
        const peer = await handle.openPeer();
        try {
          const bucket = [{ key: 'shared', limit: 5, windowMs: 60_000 }];
          const results = await Promise.all(
            Array.from({ length: 12 }, (_, i) => (i % 2 ? store : peer).consumeQuota(bucket, 1)),
          );
          expect(results.filter((r) => r.allowed)).toHaveLength(5);
        } finally {
          await peer.close();
        }
      });
    });

    describe('idempotency', () => {
      const claim = (fingerprint: string, now: number) => ({
        scope: 'send',
        key: 'key-1',
        fingerprint,
        now,
        ttlMs: 86_400_000,
        staleAfterMs: 60_000,
      });

      it('claims once, replays the answer, and refuses another body', async () => {
        expect(await store.claimIdempotency(claim('fp', 0))).toEqual({ state: 'claimed' });
        expect(await store.claimIdempotency(claim('fp', 1))).toEqual({ state: 'in_progress' });
        await store.completeIdempotency('send', 'key-1', '{"ok":1}');
        expect(await store.claimIdempotency(claim('fp', 2))).toEqual({
          state: 'replay',
          response: '{"ok":1}',
        });
        expect(await store.claimIdempotency(claim('other', 3))).toEqual({ state: 'conflict' });
      });

      it('frees a key whose work failed, and expires keys after their time', async () => {
        await store.claimIdempotency(claim('fp', 0));
        await store.releaseIdempotency('send', 'key-1');
        expect(await store.claimIdempotency(claim('fp', 1))).toEqual({ state: 'claimed' });
        await store.completeIdempotency('send', 'key-1', '{}');
        expect(await store.claimIdempotency(claim('other', 86_400_002))).toEqual({ state: 'claimed' });
      });

      it('gives a key to exactly one of many simultaneous claims', async () => {
        const peer = await handle.openPeer();
        try {
          const claims = await Promise.all(
            Array.from({ length: 8 }, (_, i) => (i % 2 ? store : peer).claimIdempotency(claim('fp', 0))),
          );
          expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
          expect(claims.filter((c) => c.state === 'in_progress')).toHaveLength(7);
        } finally {
          await peer.close();
        }
      });

      it('lets a stale, unanswered claim be taken over', async () => {
        await store.claimIdempotency(claim('fp', 0));
        expect(await store.claimIdempotency(claim('fp', 60_001))).toEqual({ state: 'claimed' });
      });
    });

    describe('housekeeping', () => {
      it('prunes each target by its time column and keeps what is not due', async () => {
        const old = newRequest({ expiresAt: 100 });
        const fresh = newRequest({ expiresAt: 10_000_000 });
        await store.createRequest(old);
        await store.createRequest(fresh);
        await sendOk(store, old.id, 'SMold');
        await store.consumeQuota([{ key: 'gone', limit: 1, windowMs: 10 }], 0);
        await store.consumeQuota([{ key: 'kept', limit: 1, windowMs: 10_000 }], 0);
        await store.claimIdempotency({
          scope: 's',
          key: 'k',
          fingerprint: 'f',
          now: 0,
          ttlMs: 10,
          staleAfterMs: 5,
        });

        expect(await store.pruneBatch('rate_counters', 1_000, 100)).toBe(1);
        expect(await store.pruneBatch('idempotency_keys', 1_000, 100)).toBe(1);
        expect(await store.pruneBatch('otp_requests', 1_000, 100)).toBe(1);
        expect(await store.getRequest(old.id)).toBeNull();
        expect(await store.listSendAttempts(old.id)).toEqual([]);
        expect(await store.getRequest(fresh.id)).not.toBeNull();
        expect(await store.getDelivery('SMold')).not.toBeNull();
        expect(await store.pruneBatch('deliveries', 1_000_000, 100)).toBe(0);
        expect(await store.pruneBatch('deliveries', 1_000_501, 100)).toBe(1);
        expect(await store.getDelivery('SMold')).toBeNull();

        expect(await store.consumeQuota([{ key: 'gone', limit: 1, windowMs: 10 }], 1_000)).toEqual({
          allowed: true,
        });
        expect(await store.consumeQuota([{ key: 'kept', limit: 1, windowMs: 10_000 }], 1_000)).toMatchObject({
          allowed: false,
        });
        expect(
          await store.claimIdempotency({
            scope: 's',
            key: 'k',
            fingerprint: 'other',
            now: 1_000,
            ttlMs: 10,
            staleAfterMs: 5,
          }),
        ).toEqual({ state: 'claimed' });
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('deletes in batches, each row once, when two connections prune together', async () => {
        const keys = Array.from({ length: 45 }, (_, i) => `due:${i}`);
        for (const key of keys) await store.consumeQuota([{ key, limit: 1, windowMs: 1 }], 0);
        const peer = await handle.openPeer();
        try {
          const drain = async (who: OtpStore) => {
            let total = 0;
            for (let deleted = 10; deleted === 10; total += deleted)
              deleted = await who.pruneBatch('rate_counters', 100, 10);
            return total;
          };
          const [mine, theirs] = await Promise.all([drain(store), drain(peer)]);
          expect(mine + theirs).toBe(45);
          expect(await store.pruneBatch('rate_counters', 100, 10)).toBe(0);
        } finally {
          await peer.close();
        }
      });
    });
  });
}
