// Receipts act (DESIGN §5, issue 11): a signed WhatsApp `failed` makes the request's SMS fallback due in
// the shared store (the webhooks app itself never sends), a delivery calls one off, and duplicates or
// retries change nothing twice. The request is armed in the store as the otp-service's send leaves it.
import { sealFallbackPhone } from '@agent-mitra/privacy';
import {
  expectCleanLogs,
  metaFailed,
  metaStatus,
  metaWebhook,
  PHONE,
  PHONE_MASKED,
} from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';
import { postMeta } from './testing/http';

const T0 = Math.floor(Date.now() / 1000);
let server: WebhooksUnderTest;
let sequence = 0;

beforeAll(async () => {
  server = await WebhooksUnderTest.start();
});
afterAll(async () => {
  expectCleanLogs(server.logs());
  await server.close();
});

/** A WhatsApp request sent at T0 with this wamid, armed for a fallback after 20 s of silence. */
async function armedRequest(wamid: string): Promise<string> {
  sequence += 1;
  const { store, config } = server.runtime;
  const id = `req-act-${sequence}`;
  const messageKey = server.messageKey(wamid);
  await store.createRequest({
    id,
    phoneHash: `phone-${sequence}`,
    phoneMasked: PHONE_MASKED,
    channel: 'whatsapp',
    purpose: null,
    codeHash: 'code-hash',
    codeOrigin: 'server',
    callerClass: 'public' as const,
    country: 'IN',
    mock: false,
    createdAt: T0 * 1000,
    expiresAt: T0 * 1000 + 300_000,
    maxAttempts: 5,
  });
  await store.recordSendAttempt({
    requestId: id,
    channel: 'whatsapp',
    provider: 'whatsapp',
    messageKey,
    status: 'sent',
    errorCode: null,
    errorMessage: null,
    recipientMasked: PHONE_MASKED,
    at: T0 * 1000,
  });
  await store.completeSend(id, {
    ok: true,
    provider: 'whatsapp',
    messageKey,
    channel: 'whatsapp',
    fallback: { sealedPhone: sealFallbackPhone(config.otp.hashSecret, id, PHONE), dueAt: T0 * 1000 + 20_000 },
  });
  return id;
}

const post = (statuses: unknown[]) => {
  const body = JSON.stringify(metaWebhook(statuses));
  return postMeta(server, body);
};

async function timeToDeliveryCount(): Promise<number> {
  const { values } = await server.runtime.metrics.timeToDelivery.get();
  return values.find((v) => v.metricName === 'otp_time_to_delivery_seconds_count')?.value ?? 0;
}

describe('a WhatsApp receipt', () => {
  it('failed (131026): the fallback is due now, once, however often Meta posts it', async () => {
    const id = await armedRequest('wamid.ACT_FAILED');
    const failed = metaFailed('wamid.ACT_FAILED', T0 + 2);
    expect((await post([failed])).status).toBe(200);
    const due = await server.runtime.store.getRequest(id);
    expect(due).toMatchObject({ fallbackReason: 'receipt_failed', fallbackAt: null });
    expect(due?.fallbackDueAt).toBeLessThanOrEqual(Date.now());
    expect((await post([failed])).body.data).toMatchObject({ stored: 0, duplicates: 1 });
    expect((await server.runtime.store.getRequest(id))?.fallbackDueAt).toBe(due?.fallbackDueAt);
    expect(server.logs()).toContain('SMS fallback due');
    const claims = await server.runtime.store.claimDueFallbacks(Date.now(), 60_000, 10);
    expect(claims.map((c) => [c.requestId, c.reason])).toEqual([[id, 'receipt_failed']]);
    // Its audit row carries the request's keyed phone hash, so an audit search by phone finds receipts.
    const byPhone = await server.runtime.store.listAudit({ phoneHash: `phone-${sequence}`, limit: 10 });
    expect(byPhone.entries.map((e) => [e.action, e.outcome, e.requestId, e.country])).toEqual([
      ['receipt', 'failed', id, 'IN'],
    ]);
  });

  it('failed with the user’s own refusal (131050) changes nothing; delivered calls the timeout off', async () => {
    const refused = await armedRequest('wamid.ACT_REFUSED');
    await post([metaFailed('wamid.ACT_REFUSED', T0 + 2, 131050)]);
    expect(await server.runtime.store.getRequest(refused)).toMatchObject({
      fallbackReason: 'delivery_timeout',
      fallbackDueAt: T0 * 1000 + 20_000,
    });
    const delivered = await armedRequest('wamid.ACT_DELIVERED');
    const before = await timeToDeliveryCount();
    await post([
      metaStatus('wamid.ACT_DELIVERED', 'delivered', T0 + 3),
      metaStatus('wamid.ACT_DELIVERED', 'read', T0 + 4),
    ]);
    expect(await server.runtime.store.getRequest(delivered)).toMatchObject({
      fallbackDueAt: null,
      fallbackReason: null,
    });
    // Timed once: the first delivery, not the read after it.
    expect((await timeToDeliveryCount()) - before).toBe(1);
    const { values } = await server.runtime.metrics.timeToDelivery.get();
    const sum = values.find(
      (v) => v.metricName === 'otp_time_to_delivery_seconds_sum' && v.labels['provider'] === 'whatsapp',
    );
    expect(sum?.value).toBeGreaterThanOrEqual(3);
  });

  it('failed after a delivery (reordered) does not bring a fallback back', async () => {
    const id = await armedRequest('wamid.ACT_LATE_FAIL');
    await post([metaStatus('wamid.ACT_LATE_FAIL', 'delivered', T0 + 5)]);
    await post([metaFailed('wamid.ACT_LATE_FAIL', T0 + 4)]);
    expect(await server.runtime.store.getRequest(id)).toMatchObject({ fallbackDueAt: null });
    const claims = await server.runtime.store.claimDueFallbacks(Date.now() + 60_000, 60_000, 10);
    expect(claims.map((c) => c.requestId)).not.toContain(id);
  });
});
