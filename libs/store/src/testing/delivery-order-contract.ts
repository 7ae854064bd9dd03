/**
 * Order independence of the delivery status (DESIGN §5), part of the shared store contract: every
 * permutation of the same receipts ends in the same current status, and the history lists every event
 * by the provider's timestamp. The event sets are the ones issue 11 reproduced with real receipts.
 */
import type { DeliveryStatus } from '@agent-mitra/contract';
import type { OtpStore, StoredDeliveryEvent } from '../lib/port';

/** Every order of `items` (n! of them). */
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

type Receipt = Omit<StoredDeliveryEvent, 'messageKey' | 'receivedAt'>;

const T = 1_750_000_000_000;
const receipt = (
  provider: 'twilio' | 'whatsapp',
  status: DeliveryStatus,
  at: number,
  dedupeKey: string,
  errorCode: string | null = null,
): Receipt => ({
  provider,
  status,
  at,
  dedupeKey,
  errorCode,
  errorMessage: null,
  recipientMasked: '+91******3210',
  details: null,
});

const CASES: readonly { name: string; events: readonly Receipt[]; status: DeliveryStatus }[] = [
  {
    // Twilio sends no event time: the webhook app stores the time received, here 1 s apart.
    name: 'Twilio sent, undelivered (30008), delivered',
    events: [
      receipt('twilio', 'sent', T, 'sent:'),
      receipt('twilio', 'undelivered', T + 1_000, 'undelivered:30008', '30008'),
      receipt('twilio', 'delivered', T + 2_000, 'delivered:'),
    ],
    status: 'delivered',
  },
  {
    name: 'Meta failed (131026) at T+1 s, delivered at T+2 s',
    events: [
      receipt('whatsapp', 'failed', T + 1_000, 'failed:1750000001:131026', '131026'),
      receipt('whatsapp', 'delivered', T + 2_000, 'delivered:1750000002:'),
    ],
    status: 'delivered',
  },
  {
    name: 'Twilio failed and undelivered',
    events: [
      receipt('twilio', 'failed', T, 'failed:30001', '30001'),
      receipt('twilio', 'undelivered', T + 1_000, 'undelivered:30003', '30003'),
    ],
    status: 'undelivered',
  },
];

/** Registers the order-independence cases; `store()` is the contract suite's fresh store. */
export function describeDeliveryOrderContract(store: () => OtpStore): void {
  describe('delivery status, whatever the arrival order', () => {
    it.each(CASES)('$name: every permutation ends $status', async ({ events, status }) => {
      const orders = permutations(events);
      for (const [n, order] of orders.entries()) {
        const messageKey = `order-${n}`;
        for (const [k, event] of order.entries()) {
          await store().recordDeliveryEvent({ ...event, messageKey, receivedAt: T + 10_000 + k });
        }
      }
      for (const n of orders.keys()) {
        const delivery = await store().getDelivery(`order-${n}`);
        expect(delivery?.status).toBe(status);
        // The history holds every event, by the provider's time, whatever the arrival order.
        expect(delivery?.events.map((e) => [e.status, e.at])).toEqual(events.map((e) => [e.status, e.at]));
      }
    });

    it('a repeated receipt changes nothing, in any position', async () => {
      const [failed, delivered] = CASES[1]?.events ?? [];
      if (!failed || !delivered) throw new Error('case missing');
      const record = (messageKey: string, event: Receipt) =>
        store().recordDeliveryEvent({ ...event, messageKey, receivedAt: T + 20_000 });
      const first = [];
      for (const event of [failed, delivered, failed]) first.push(await record('repeat-a', event));
      const created = T + 20_000;
      expect(first).toEqual([
        {
          duplicate: false,
          status: 'failed',
          previous: null,
          createdAt: created,
          requestId: null,
          phoneHash: null,
          country: null,
        },
        {
          duplicate: false,
          status: 'delivered',
          previous: 'failed',
          createdAt: created,
          requestId: null,
          phoneHash: null,
          country: null,
        },
        {
          duplicate: true,
          status: 'delivered',
          previous: 'delivered',
          createdAt: created,
          requestId: null,
          phoneHash: null,
          country: null,
        },
      ]);
      const second = [];
      for (const event of [delivered, failed, delivered, failed])
        second.push(await record('repeat-b', event));
      expect(second.map((r) => [r.duplicate, r.status])).toEqual([
        [false, 'delivered'],
        [false, 'delivered'],
        [true, 'delivered'],
        [true, 'delivered'],
      ]);
      expect((await store().getDelivery('repeat-b'))?.events).toHaveLength(2);
    });
  });
}
