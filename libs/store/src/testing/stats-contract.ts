/**
 * The operations stats every OtpStore adapter must compute the same way (DESIGN §4 admin stats). Each
 * adapter's spec calls `describeStatsContract` with the factory it gives `describeStoreContract`.
 */
import type { AttemptReason, ChannelName, DeliveryStatus, ProviderName } from '@agent-mitra/contract';
import type { OtpStore, PeriodStats } from '../lib/port';
import type { StoreHandle } from './store-contract';

const FROM = 50_000_000;
const MINUTE = 60_000;
const QUERY = { from: FROM, to: FROM + 3 * MINUTE, bucketMs: MINUTE, recentFailures: 10 };

interface Attempt {
  readonly channel: ChannelName;
  readonly provider: ProviderName;
  /** Accepted: the message key; refused: null with the error code. */
  readonly key: string | null;
  readonly errorCode?: string;
  readonly reason?: AttemptReason;
  /** Receipts after the send, in ms after it. */
  readonly receipts?: readonly { status: DeliveryStatus; after: number; errorCode?: string }[];
}

let serial = 0;

/** One request created at `at` with its attempts and receipts, written through the port as the apps do. */
async function seed(
  store: OtpStore,
  at: number,
  country: string,
  attempts: readonly Attempt[],
  verified = false,
): Promise<string> {
  serial += 1;
  const id = `stats_${serial}_${at}`;
  await store.createRequest({
    id,
    phoneHash: `phone-${serial}`,
    phoneMasked: '+91******3210',
    channel: attempts[0]?.channel ?? 'sms',
    country,
    purpose: null,
    codeHash: 'code-hash',
    codeOrigin: 'server',
    callerClass: 'public' as const,
    mock: false,
    createdAt: at,
    expiresAt: at + 300_000,
    maxAttempts: 5,
  });
  let carrier: Attempt | null = null;
  for (const attempt of attempts) {
    const sentAt = at + 100;
    await store.recordSendAttempt({
      requestId: id,
      channel: attempt.channel,
      provider: attempt.provider,
      messageKey: attempt.key,
      status: attempt.key ? 'queued' : 'failed',
      errorCode: attempt.errorCode ?? null,
      errorMessage: attempt.errorCode ? `refused ${attempt.errorCode}` : null,
      recipientMasked: '+91******3210',
      at: sentAt,
      reason: attempt.reason ?? null,
    });
    if (attempt.key) carrier = attempt;
    for (const receipt of attempt.receipts ?? []) {
      await store.recordDeliveryEvent({
        provider: attempt.provider,
        messageKey: attempt.key ?? '',
        status: receipt.status,
        at: sentAt + receipt.after,
        receivedAt: sentAt + receipt.after,
        dedupeKey: `${receipt.status}:${receipt.after}`,
        errorCode: receipt.errorCode ?? null,
        errorMessage: receipt.errorCode ? `carrier said ${receipt.errorCode}` : null,
        recipientMasked: '+91******3210',
        details: null,
      });
    }
  }
  if (carrier?.key) {
    await store.completeSend(id, {
      ok: true,
      provider: carrier.provider,
      messageKey: carrier.key,
      channel: carrier.channel,
    });
  } else await store.completeSend(id, { ok: false });
  if (verified) await store.markVerified(id, at + 30_000);
  return id;
}

const byKey = <T extends object>(rows: readonly T[]) =>
  [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export function describeStatsContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`${name} store contract: operations stats`, () => {
    let handle: StoreHandle;
    let stats: PeriodStats;
    let failedRequest: string;

    beforeAll(async () => {
      handle = await open();
      const store = handle.store;
      // Bucket 0: an SMS delivered in 2 s and verified; a WhatsApp refused at send (131026) that fell
      // back to an SMS the carrier then reported undelivered (30003).
      await seed(
        store,
        FROM + 1_000,
        'IN',
        [
          {
            channel: 'sms',
            provider: 'twilio',
            key: 'k-sms-1',
            receipts: [
              { status: 'sent', after: 500 },
              { status: 'delivered', after: 2_000 },
            ],
          },
        ],
        true,
      );
      failedRequest = await seed(store, FROM + 2_000, 'IN', [
        { channel: 'whatsapp', provider: 'whatsapp', key: null, errorCode: '131026' },
        {
          channel: 'sms',
          provider: 'twilio',
          key: 'k-sms-2',
          reason: 'fallback',
          receipts: [{ status: 'undelivered', after: 4_000, errorCode: '30003' }],
        },
      ]);
      // Bucket 1: a WhatsApp delivered in 1.5 s, then read, verified, to GB.
      await seed(
        store,
        FROM + MINUTE + 500,
        'GB',
        [
          {
            channel: 'whatsapp',
            provider: 'whatsapp',
            key: 'k-wa-3',
            receipts: [
              { status: 'read', after: 5_000 },
              { status: 'delivered', after: 1_500 },
            ],
          },
        ],
        true,
      );
      // Bucket 2, the last millisecond of the period: an SMS through MSG91 with no receipt yet.
      await seed(store, FROM + 3 * MINUTE - 1, 'IN', [{ channel: 'sms', provider: 'msg91', key: 'k-m-4' }]);
      // Outside the period: one just before `from`, one at `to` (exclusive), both verified.
      for (const at of [FROM - 1, FROM + 3 * MINUTE]) {
        await seed(store, at, 'IN', [{ channel: 'sms', provider: 'twilio', key: `k-out-${at}` }], true);
      }
      stats = await store.periodStats(QUERY);
    });
    afterAll(async () => {
      await handle?.cleanup();
    });

    it('counts sent, delivered, read and failed messages per bucket, channel, country and provider', () => {
      expect(byKey(stats.messages)).toEqual(
        byKey([
          {
            bucket: 0,
            channel: 'sms',
            country: 'IN',
            provider: 'twilio',
            sent: 2,
            delivered: 1,
            read: 0,
            failed: 1,
          },
          {
            bucket: 0,
            channel: 'whatsapp',
            country: 'IN',
            provider: 'whatsapp',
            sent: 0,
            delivered: 0,
            read: 0,
            failed: 1,
          },
          {
            bucket: 1,
            channel: 'whatsapp',
            country: 'GB',
            provider: 'whatsapp',
            sent: 1,
            delivered: 1,
            read: 1,
            failed: 0,
          },
          {
            bucket: 2,
            channel: 'sms',
            country: 'IN',
            provider: 'msg91',
            sent: 1,
            delivered: 0,
            read: 0,
            failed: 0,
          },
        ]),
      );
    });

    it('counts requests (once each, a fallback included) and the verified ones, by the channel that carried the code, inside the period only', () => {
      // Bucket 0: two requests and three attempts (a WhatsApp refused, then its SMS fallback).
      expect(byKey(stats.verified)).toEqual(
        byKey([
          { bucket: 0, channel: 'sms', country: 'IN', requests: 2, verified: 1 },
          { bucket: 1, channel: 'whatsapp', country: 'GB', requests: 1, verified: 1 },
          { bucket: 2, channel: 'sms', country: 'IN', requests: 1, verified: 0 },
        ]),
      );
    });

    it('gives each delivered message its time from send to the first delivered or read receipt', () => {
      expect(byKey(stats.deliveryTimes)).toEqual(
        byKey([
          { bucket: 0, channel: 'sms', country: 'IN', provider: 'twilio', ms: 2_000 },
          { bucket: 1, channel: 'whatsapp', country: 'GB', provider: 'whatsapp', ms: 1_500 },
        ]),
      );
    });

    it('counts provider errors at send and in receipts, and attempts by reason', () => {
      expect(byKey(stats.errors)).toEqual(
        byKey([
          {
            provider: 'whatsapp',
            channel: 'whatsapp',
            stage: 'send',
            code: '131026',
            count: 1,
            message: 'refused 131026',
          },
          {
            provider: 'twilio',
            channel: 'sms',
            stage: 'receipt',
            code: '30003',
            count: 1,
            message: 'carrier said 30003',
          },
        ]),
      );
      expect(stats.reasons).toEqual([{ reason: 'fallback', count: 1 }]);
    });

    it('lists the newest failures first, with the masked number only', () => {
      expect(stats.recentFailures).toEqual([
        expect.objectContaining({
          stage: 'receipt',
          requestId: failedRequest,
          status: 'undelivered',
          code: '30003',
          at: FROM + 2_000 + 100 + 4_000,
        }),
        expect.objectContaining({
          stage: 'send',
          requestId: failedRequest,
          channel: 'whatsapp',
          status: 'failed',
          code: '131026',
          country: 'IN',
          recipientMasked: '+91******3210',
        }),
      ]);
      const limited = handle.store.periodStats({ ...QUERY, recentFailures: 1 });
      return expect(limited).resolves.toMatchObject({
        recentFailures: [{ stage: 'receipt' }, { stage: 'send' }],
      });
    });

    it('answers empty lists for a period with no requests', async () => {
      const empty = await handle.store.periodStats({ ...QUERY, from: 1, to: 2 });
      expect(empty).toEqual({
        messages: [],
        verified: [],
        deliveryTimes: [],
        errors: [],
        reasons: [],
        recentFailures: [],
      });
    });
  });
}
