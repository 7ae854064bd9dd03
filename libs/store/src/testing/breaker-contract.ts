/**
 * What SMS routing (DESIGN §10) needs from every OtpStore adapter: circuit breakers that every process
 * agrees on, and the reason kept on each send attempt. Each adapter's spec calls
 * `describeBreakerContract` with the same factory it gives `describeStoreContract`.
 */
import type { BreakerSettings, OtpStore } from '../lib/port';
import type { StoreHandle } from './store-contract';

const SETTINGS: BreakerSettings = { failureThreshold: 3, cooldownMs: 1_000, probeLeaseMs: 500 };
const T0 = 1_000_000;

export function describeBreakerContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract: circuit breakers and attempt reasons`, () => {
    let handle: StoreHandle;
    let store: OtpStore;
    let peer: OtpStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
      peer = await handle.openPeer();
    });
    afterEach(async () => {
      await peer.close();
      await handle.cleanup();
    });

    const fail = (on: OtpStore, at: number) => on.recordBreakerOutcome('sms:msg91', 'failure', at, SETTINGS);
    const acquire = (on: OtpStore, at: number) => on.acquireBreaker('sms:msg91', at, SETTINGS);

    async function openBreaker(at: number): Promise<void> {
      for (let n = 0; n < SETTINGS.failureThreshold; n += 1) await fail(n % 2 === 0 ? store : peer, at);
    }

    it('lets calls through a breaker it has never seen, and lists nothing until an outcome is recorded', async () => {
      expect(await acquire(store, T0)).toEqual({ allowed: true, state: 'closed', probe: false });
      expect(await store.listBreakers()).toEqual([]);
    });

    it('opens after the threshold of consecutive failures, counted across connections', async () => {
      await fail(store, T0);
      const second = await fail(peer, T0 + 1);
      expect(second).toMatchObject({
        previous: 'closed',
        record: { state: 'closed', consecutiveFailures: 2 },
      });
      const third = await fail(store, T0 + 2);
      expect(third).toEqual({
        previous: 'closed',
        record: {
          name: 'sms:msg91',
          state: 'open',
          consecutiveFailures: 3,
          openedAt: T0 + 2,
          probeUntil: null,
          updatedAt: T0 + 2,
        },
      });
      expect(await acquire(peer, T0 + 500)).toEqual({ allowed: false, state: 'open', retryAfterMs: 502 });
      expect(await peer.listBreakers()).toEqual([third.record]);
    });

    it('a success in between resets the count: only consecutive failures open it', async () => {
      await fail(store, T0);
      await fail(store, T0 + 1);
      expect(await peer.recordBreakerOutcome('sms:msg91', 'success', T0 + 2, SETTINGS)).toMatchObject({
        record: { state: 'closed', consecutiveFailures: 0 },
      });
      await fail(store, T0 + 3);
      expect((await fail(store, T0 + 4)).record.state).toBe('closed');
    });

    it('after the cooldown grants exactly one probe across connections, until its lease runs out', async () => {
      await openBreaker(T0);
      const after = T0 + SETTINGS.cooldownMs;
      const permits = await Promise.all([acquire(store, after), acquire(peer, after), acquire(store, after)]);
      expect(permits.filter((permit) => permit.allowed)).toEqual([
        { allowed: true, state: 'half_open', probe: true },
      ]);
      expect(permits.filter((permit) => !permit.allowed)).toEqual([
        { allowed: false, state: 'half_open', retryAfterMs: SETTINGS.probeLeaseMs },
        { allowed: false, state: 'half_open', retryAfterMs: SETTINGS.probeLeaseMs },
      ]);
      // The prober never answered (crashed): once its lease is over, someone else may probe.
      expect(await acquire(peer, after + SETTINGS.probeLeaseMs)).toEqual({
        allowed: true,
        state: 'half_open',
        probe: true,
      });
    });

    it('a successful probe closes it for everyone; a failed one opens it for a new cooldown', async () => {
      await openBreaker(T0);
      const after = T0 + SETTINGS.cooldownMs;
      await acquire(store, after);
      const reopened = await fail(store, after + 10);
      expect(reopened).toMatchObject({
        previous: 'half_open',
        record: { state: 'open', openedAt: after + 10, consecutiveFailures: 4, probeUntil: null },
      });
      expect((await acquire(peer, after + 20)).allowed).toBe(false);
      const later = after + 10 + SETTINGS.cooldownMs;
      expect(await acquire(peer, later)).toMatchObject({ allowed: true, probe: true });
      const closed = await peer.recordBreakerOutcome('sms:msg91', 'success', later + 5, SETTINGS);
      expect(closed).toMatchObject({
        previous: 'half_open',
        record: { state: 'closed', consecutiveFailures: 0 },
      });
      expect(await acquire(store, later + 6)).toEqual({ allowed: true, state: 'closed', probe: false });
    });

    it('a late failure of a call made before the breaker opened does not extend its cooldown', async () => {
      await openBreaker(T0);
      const late = await fail(peer, T0 + 400);
      expect(late).toMatchObject({ previous: 'open', record: { state: 'open', openedAt: T0 } });
      expect((await acquire(store, T0 + SETTINGS.cooldownMs)).allowed).toBe(true);
    });

    it('keeps breakers apart by name', async () => {
      await openBreaker(T0);
      expect(await store.acquireBreaker('sms:twilio', T0 + 1, SETTINGS)).toMatchObject({ allowed: true });
      await store.recordBreakerOutcome('sms:twilio', 'success', T0 + 2, SETTINGS);
      expect((await store.listBreakers()).map((b) => [b.name, b.state])).toEqual([
        ['sms:msg91', 'open'],
        ['sms:twilio', 'closed'],
      ]);
    });

    it('keeps the reason of each send attempt (null for the first choice)', async () => {
      const id = `req_reason_${Date.now()}`;
      await store.createRequest({
        id,
        phoneHash: 'phone-hash-r',
        phoneMasked: '+91******3210',
        country: 'IN',
        channel: 'sms',
        purpose: null,
        codeHash: 'code-hash',
        codeOrigin: 'server',
        callerClass: 'public' as const,
        mock: false,
        createdAt: T0,
        expiresAt: T0 + 300_000,
        maxAttempts: 5,
      });
      const attempt = {
        requestId: id,
        channel: 'sms' as const,
        recipientMasked: '+91******3210',
        errorMessage: null,
      };
      await store.recordSendAttempt({
        ...attempt,
        provider: 'msg91',
        messageKey: null,
        status: 'failed',
        errorCode: '503',
        at: T0 + 1,
      });
      await store.recordSendAttempt({
        ...attempt,
        provider: 'twilio',
        messageKey: 'key-SM_reason',
        status: 'queued',
        errorCode: null,
        at: T0 + 2,
        reason: 'failover',
      });
      const attempts = await peer.listSendAttempts(id);
      expect(attempts.map((a) => [a.provider, a.reason])).toEqual([
        ['msg91', null],
        ['twilio', 'failover'],
      ]);
    });
  });
}
