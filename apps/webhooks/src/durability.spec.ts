import Database from 'better-sqlite3';
import request from 'supertest';
import {
  expectCleanLogs,
  metaStatus,
  metaWebhook,
  signMeta,
  signTwilio,
  twilioCallback,
} from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { postMeta, postTwilio, TWILIO_PATH } from './testing/http';
import { counterValue } from './testing/metrics';

// The store fails for real here: its connection is closed, or the database itself refuses a write.
const T0 = 1_750_000_000;
const PUBLIC_URL = 'https://hooks.agentmitra.example';
let server: WebhooksUnderTest;

beforeEach(async () => {
  // A public URL keeps Twilio signatures valid across the restart (which changes the local port).
  server = await WebhooksUnderTest.start({ WEBHOOKS_PUBLIC_URL: PUBLIC_URL });
});
afterEach(async () => {
  expectCleanLogs(server.logs());
  await server.close();
});

async function storedElsewhere(messageId: string) {
  const peer = server.openPeerStore();
  try {
    return await peer.getDelivery(server.messageKey(messageId));
  } finally {
    await peer.close();
  }
}

describe('when the store fails', () => {
  it('answers 503 to Meta, then stores the receipt once when Meta delivers it again', async () => {
    const body = JSON.stringify(metaWebhook([metaStatus('wamid.DURABLE', 'delivered', T0)]));
    const signature = signMeta(body);
    await server.runtime.store.close();

    const failed = await postMeta(server, body, signature);
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({
      success: false,
      error: { code: 'STORE_UNAVAILABLE', message: 'storage is unavailable; retry later', details: {} },
      message: 'storage is unavailable; retry later',
    });
    expect((await request(server.baseUrl).get('/readyz')).status).toBe(503);
    expect(await storedElsewhere('wamid.DURABLE')).toBeNull();

    await server.restart();
    expect((await postMeta(server, body, signature)).body.data).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await postMeta(server, body, signature)).body.data).toMatchObject({ stored: 0, duplicates: 1 });
    const record = await server.delivery('wamid.DURABLE');
    expect(record?.status).toBe('delivered');
    expect(record?.events).toHaveLength(1);
  });

  it('answers 503 to Twilio, then stores the callback once when Twilio retries', async () => {
    const params = twilioCallback('SM000000000000000000000000000000aa', 'delivered');
    const options = { signedUrl: `${PUBLIC_URL}${TWILIO_PATH}` };
    await server.runtime.store.close();
    expect((await postTwilio(server, params, options)).status).toBe(503);
    expect(await storedElsewhere(params['MessageSid'] ?? '')).toBeNull();

    await server.restart();
    expect((await postTwilio(server, params, options)).body.data).toMatchObject({ stored: 1 });
    expect((await postTwilio(server, params, options)).body.data).toMatchObject({ duplicates: 1 });
    expect((await server.delivery(params['MessageSid'] ?? ''))?.events).toHaveLength(1);
  });

  it('still answers 4xx, never 5xx, to forged or malformed calls', async () => {
    await server.runtime.store.close();
    const body = JSON.stringify(metaWebhook([metaStatus('wamid.FORGED', 'read', T0)]));
    expect((await postMeta(server, body, signMeta(body, 'not-the-app-secret'))).status).toBe(401);
    expect((await postMeta(server, '{"entry":')).status).toBe(400);
    const params = twilioCallback('SM000000000000000000000000000000ab', 'delivered');
    const forged = signTwilio(`${PUBLIC_URL}${TWILIO_PATH}`, params, 'not-the-auth-token');
    expect((await postTwilio(server, params, { signature: forged })).status).toBe(403);
  });

  it('loses nothing and doubles nothing when it fails half-way through a delivery of several statuses', async () => {
    // The database refuses writes for the second message only: the first status commits, the rest do not.
    const db = new Database(server.file);
    try {
      await failHalfWay(db);
    } finally {
      if (db.open) db.close();
    }
  });
});

async function failHalfWay(db: Database.Database): Promise<void> {
  db.exec(`CREATE TRIGGER refuse_p2 BEFORE INSERT ON delivery_events
             WHEN NEW.message_key = '${server.messageKey('wamid.P2')}'
             BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
  const statuses = ['wamid.P1', 'wamid.P2', 'wamid.P3'].map((id) => metaStatus(id, 'delivered', T0));
  const body = JSON.stringify(metaWebhook(statuses));
  const signature = signMeta(body);
  const counted = () =>
    counterValue(server.runtime, 'deliveryReceipts', { provider: 'whatsapp', status: 'delivered' });

  expect((await postMeta(server, body, signature)).status).toBe(503);
  expect((await server.delivery('wamid.P1'))?.events).toHaveLength(1);
  expect(await server.delivery('wamid.P2')).toBeNull();
  expect(await server.delivery('wamid.P3')).toBeNull();

  db.exec('DROP TRIGGER refuse_p2');
  db.close();
  const retry = await postMeta(server, body, signature);
  expect(retry.status).toBe(200);
  expect(retry.body.data).toMatchObject({ stored: 2, duplicates: 1 });
  for (const id of ['wamid.P1', 'wamid.P2', 'wamid.P3']) {
    expect((await server.delivery(id))?.events).toHaveLength(1);
  }
  expect(await counted()).toBe(3);
}
