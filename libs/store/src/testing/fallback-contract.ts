/**
 * Late SMS fallbacks (DESIGN §5, issue 11), part of what every OtpStore adapter must do: a send arms a
 * fallback, a `failed` receipt makes it due, a delivery calls it off, every instance claims each due
 * fallback once, the claim replaces the code, and the sealed phone is gone as soon as the request can no
 * longer fall back. Each adapter's spec calls `describeFallbackContract` beside `describeStoreContract`.
 */
import type { FallbackArming, FallbackClaim, OtpStore } from '../lib/port';
import type { StoreHandle } from './store-contract';

const T = 5_000_000;
const LEASE = 60_000;
const TTL = 300_000;

let sequence = 0;

export function describeFallbackContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract: late SMS fallbacks`, () => {
    let handle: StoreHandle;
    let store: OtpStore;

    beforeEach(async () => {
      handle = await open();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });

    /** A WhatsApp request of `phone`, sent at T with message key `key`, armed as `fallback` says. */
    async function sentOnWhatsApp(
      fallback: FallbackArming | null,
      phone = 'phone-fallback',
    ): Promise<{ id: string; key: string }> {
      sequence += 1;
      const id = `req_fb_${sequence}_${Date.now()}`;
      const key = `key-wamid-${id}`;
      await store.createRequest({
        id,
        phoneHash: phone,
        phoneMasked: '+91******3217',
        channel: 'whatsapp',
        purpose: 'login',
        locale: 'hi',
        codeHash: 'whatsapp-code-hash',
        codeOrigin: 'server',
        callerClass: 'public' as const,
        country: 'IN',
        mock: false,
        createdAt: T + sequence,
        expiresAt: T + TTL,
        maxAttempts: 5,
      });
      await store.recordSendAttempt({
        requestId: id,
        channel: 'whatsapp',
        provider: 'whatsapp',
        messageKey: key,
        status: 'sent',
        errorCode: null,
        errorMessage: null,
        recipientMasked: '+91******3217',
        at: T,
      });
      await store.completeSend(id, {
        ok: true,
        provider: 'whatsapp',
        messageKey: key,
        channel: 'whatsapp',
        fallback,
      });
      return { id, key };
    }
    const armed = (dueAt: number | null): FallbackArming => ({ sealedPhone: `v1.sealed-${sequence}`, dueAt });

    it('a silent send falls due at its time and is claimed once, with what the SMS needs, across connections', async () => {
      const { id } = await sentOnWhatsApp(armed(T + 20_000));
      expect(await store.getRequest(id)).toMatchObject({
        fallbackDueAt: T + 20_000,
        fallbackReason: 'delivery_timeout',
        fallbackAt: null,
        locale: 'hi',
      });
      expect(await store.claimDueFallbacks(T + 19_999, LEASE, 10)).toEqual([]);
      const peer = await handle.openPeer();
      try {
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? store : peer).claimDueFallbacks(T + 20_000, LEASE, 10),
          ),
        );
        const won = claims.flat();
        expect(won).toEqual([
          {
            requestId: id,
            sealedPhone: expect.stringMatching(/^v1\.sealed-/),
            reason: 'delivery_timeout',
            phoneHash: 'phone-fallback',
            country: 'IN',
            callerClass: 'public',
            phoneMasked: '+91******3217',
            locale: 'hi',
            purpose: 'login',
            expiresAt: T + TTL,
            claimedUntil: T + 20_000 + LEASE,
          },
        ]);
        expect(await peer.claimDueFallbacks(T + 21_000, LEASE, 10)).toEqual([]);
        // The claimer died: once its lease ran out, another instance takes it over.
        const again = await peer.claimDueFallbacks(T + 20_000 + LEASE, LEASE, 10);
        expect(again.map((c) => c.requestId)).toEqual([id]);
        expect(await store.startFallback(won[0] as FallbackClaim, 'sms-code-hash', T + 20_000 + LEASE)).toBe(
          false,
        );
      } finally {
        await peer.close();
      }
    });

    it('starting a claimed fallback replaces the code once and erases the phone; nothing can start it again', async () => {
      const { id, key } = await sentOnWhatsApp(armed(T + 20_000));
      const [claim] = await store.claimDueFallbacks(T + 20_000, LEASE, 10);
      if (!claim) throw new Error('nothing claimed');
      expect(await store.startFallback(claim, 'sms-code-hash', T + 20_001)).toBe(true);
      expect(await store.startFallback(claim, 'other-hash', T + 20_002)).toBe(false);
      expect(await store.getRequest(id)).toMatchObject({
        codeHash: 'sms-code-hash',
        fallbackAt: T + 20_001,
        fallbackDueAt: null,
        state: 'pending',
      });
      expect(await handle.sealedPhones()).toBe(0);
      expect(await store.markFallbackDue(key, T + 30_000)).toBe(false);
      expect(await store.claimDueFallbacks(T + 30_000, LEASE, 10)).toEqual([]);
      // The WhatsApp code no longer verifies; the SMS one does.
      expect(await store.markVerified(id, T + 30_000, 'whatsapp-code-hash')).toBe(false);
      expect(await store.markVerified(id, T + 30_000, 'sms-code-hash')).toBe(true);
    });

    it('a failed receipt makes it due at once, once, even with the timeout off; duplicates and a delivery change nothing more', async () => {
      const { id, key } = await sentOnWhatsApp(armed(null));
      expect(await store.claimDueFallbacks(T + 1_000_000, LEASE, 10)).toEqual([]);
      expect(await store.markFallbackDue(key, T + 3_000)).toBe(true);
      expect(await store.markFallbackDue(key, T + 3_500)).toBe(false);
      expect(await store.getRequest(id)).toMatchObject({
        fallbackDueAt: T + 3_000,
        fallbackReason: 'receipt_failed',
      });
      expect(await store.markFallbackDue('key-of-no-request', T + 3_000)).toBe(false);
      const [claim] = await store.claimDueFallbacks(T + 3_100, LEASE, 10);
      expect(claim).toMatchObject({ requestId: id, reason: 'receipt_failed' });
      // A retried receipt while the claim runs leaves it alone; a late delivery calls it off.
      expect(await store.markFallbackDue(key, T + 3_200)).toBe(false);
      expect(await store.cancelFallback(key)).toBe(true);
      expect(await store.startFallback(claim as FallbackClaim, 'sms-code-hash', T + 3_300)).toBe(false);
      expect(await store.getRequest(id)).toMatchObject({ codeHash: 'whatsapp-code-hash', fallbackAt: null });
      expect(await handle.sealedPhones()).toBe(0);
    });

    it('a failed receipt brings a later timeout forward; a delivery before it calls the timeout off', async () => {
      const early = await sentOnWhatsApp(armed(T + 20_000), 'phone-early');
      expect(await store.markFallbackDue(early.key, T + 2_000)).toBe(true);
      expect((await store.getRequest(early.id))?.fallbackReason).toBe('receipt_failed');
      const delivered = await sentOnWhatsApp(armed(T + 20_000), 'phone-delivered');
      expect(await store.cancelFallback(delivered.key)).toBe(true);
      expect(await store.cancelFallback(delivered.key)).toBe(false);
      const due = await store.claimDueFallbacks(T + 25_000, LEASE, 10);
      expect(due.map((c) => c.requestId)).toEqual([early.id]);
    });

    it('a refused fallback is given up for good; verified, superseded and failed requests keep no phone', async () => {
      const refused = await sentOnWhatsApp(armed(T + 20_000), 'phone-refused');
      const [claim] = await store.claimDueFallbacks(T + 20_000, LEASE, 10);
      await store.releaseFallback(claim as FallbackClaim);
      expect(await store.claimDueFallbacks(T + 20_000 + LEASE, LEASE, 10)).toEqual([]);
      expect((await store.getRequest(refused.id))?.codeHash).toBe('whatsapp-code-hash');

      const verified = await sentOnWhatsApp(armed(T + 20_000), 'phone-verified');
      expect(await store.markVerified(verified.id, T + 1_000)).toBe(true);
      const older = await sentOnWhatsApp(armed(T + 20_000), 'phone-twice');
      await sentOnWhatsApp(null, 'phone-twice');
      expect((await store.getRequest(older.id))?.state).toBe('superseded');
      expect(await handle.sealedPhones()).toBe(0);

      const failing = await sentOnWhatsApp(armed(T + 20_000), 'phone-failing');
      await store.completeSend(failing.id, { ok: false });
      expect(await handle.sealedPhones()).toBe(0);
      expect(await store.claimDueFallbacks(T + 25_000, LEASE, 10)).toEqual([]);
    });

    it('forgets the phones of expired requests in batches, and never claims an expired one', async () => {
      for (let i = 0; i < 3; i += 1) await sentOnWhatsApp(armed(null), `phone-expiring-${i}`);
      await sentOnWhatsApp(armed(T + 20_000), 'phone-expiring-due');
      expect(await store.claimDueFallbacks(T + TTL, LEASE, 10)).toEqual([]);
      expect(await store.forgetExpiredFallbacks(T + TTL - 1, 10)).toBe(0);
      expect(await handle.sealedPhones()).toBe(4);
      expect(await store.forgetExpiredFallbacks(T + TTL, 3)).toBe(3);
      expect(await store.forgetExpiredFallbacks(T + TTL, 3)).toBe(1);
      expect(await handle.sealedPhones()).toBe(0);
    });

    it('splits many due fallbacks between two connections claiming at once, each exactly once', async () => {
      const ids = [];
      for (let i = 0; i < 9; i += 1)
        ids.push((await sentOnWhatsApp(armed(T + 20_000), `phone-many-${i}`)).id);
      const peer = await handle.openPeer();
      try {
        const drain = async (who: OtpStore) => {
          const mine: string[] = [];
          for (let batch = await who.claimDueFallbacks(T + 20_000, LEASE, 2); batch.length > 0;) {
            mine.push(...batch.map((c) => c.requestId));
            batch = await who.claimDueFallbacks(T + 20_000, LEASE, 2);
          }
          return mine;
        };
        const [a, b] = await Promise.all([drain(store), drain(peer)]);
        expect([...a, ...b].sort()).toEqual(ids.sort());
      } finally {
        await peer.close();
      }
    });
  });
}
