// Issue 11: the current status must not depend on the order in which providers deliver receipts. Every
// permutation of the Twilio and Meta event sets is posted, signed, to the running app, each on
// its own message id; all must end in the same status, with the whole history kept.
import { expectCleanLogs, metaFailed, metaStatus, metaWebhook, twilioCallback } from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { postMeta, postTwilio } from './testing/http';

/** Every order of `items` (n! of them). */
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

const T = 1_750_000_000; // Meta timestamps are Unix seconds
let server: WebhooksUnderTest;

beforeAll(async () => {
  server = await WebhooksUnderTest.start();
});
afterAll(async () => {
  expectCleanLogs(server.logs());
  await server.close();
});

const delivery = (id: string) => server.delivery(id);

describe('receipts in any order (signed, through the app)', () => {
  it('Twilio sent, undelivered (30008), delivered: all 6 orders end delivered', async () => {
    const events: { MessageStatus: string; [field: string]: string }[] = [
      { MessageStatus: 'sent' },
      { MessageStatus: 'undelivered', ErrorCode: '30008' },
      { MessageStatus: 'delivered', RawDlrDoneDate: '2506151230' },
    ];
    const orders = permutations(events);
    for (const [n, order] of orders.entries()) {
      const sid = `SM${String(n).padStart(32, '0')}`;
      for (const event of order) {
        const res = await postTwilio(server, twilioCallback(sid, event.MessageStatus, event));
        expect([res.status, res.body.data?.stored]).toEqual([200, 1]);
      }
      const record = await delivery(sid);
      expect(record?.status).toBe('delivered');
      // Twilio gives no event time: the history is the arrival order, every event kept.
      expect(record?.events.map((e) => e.status)).toEqual(order.map((e) => e.MessageStatus));
    }
    expect(orders).toHaveLength(6);
  });

  it('Meta failed (131026) at T+1 and delivered at T+2: both orders end delivered, history by timestamp', async () => {
    const failed = metaFailed('wamid.order-a', T + 1, 131026);
    const delivered = metaStatus('wamid.order-a', 'delivered', T + 2);
    for (const [n, order] of permutations([failed, delivered]).entries()) {
      const id = `wamid.order-${n}`;
      for (const status of order) {
        const res = await postMeta(server, JSON.stringify(metaWebhook([{ ...status, id }])));
        expect(res.status).toBe(200);
      }
      const record = await delivery(id);
      expect(record?.status).toBe('delivered');
      expect(record?.events.map((e) => [e.status, e.at, e.errorCode])).toEqual([
        ['failed', (T + 1) * 1000, '131026'],
        ['delivered', (T + 2) * 1000, null],
      ]);
    }
  });

  it('Meta statuses in one notification count the same as one by one, and a retried notification changes nothing', async () => {
    const statuses = [
      metaStatus('wamid.batch', 'read', T + 3),
      metaFailed('wamid.batch', T + 1, 131049),
      metaStatus('wamid.batch', 'sent', T),
    ];
    const body = JSON.stringify(metaWebhook(statuses));
    expect((await postMeta(server, body)).body.data).toMatchObject({ stored: 3, duplicates: 0 });
    expect((await postMeta(server, body)).body.data).toMatchObject({ stored: 0, duplicates: 3 });
    const record = await delivery('wamid.batch');
    expect(record?.status).toBe('read');
    expect(record?.events.map((e) => e.status)).toEqual(['sent', 'failed', 'read']);
  });
});
