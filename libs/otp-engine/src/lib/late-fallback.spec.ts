// Late SMS fallbacks through the real engine on a real SQLite file (DESIGN §5, issue 11): WhatsApp
// accepted the code, then failed or stayed silent; the otp-service's duty (runDueFallbacks) sends a fresh
// code by SMS for the same request, once.
import Database from 'better-sqlite3';
import { ProviderError } from '@agent-mitra/channels';
import { actOnReceipt } from '../index';
import { engineFixture, type EngineFixture } from '../testing/engine-fixture';

const PHONE = '+919876543217';
const GRPC = { caller: { kind: 'grpc', id: 'svc-1' } } as const;
const PUBLIC = { caller: { kind: 'public', id: null } } as const;
const BACKEND = { caller: { kind: 'backend', id: 'key-1' } } as const;
const whatsapp = (extra = {}) => ({
  toPhone: PHONE,
  channel: 'whatsapp' as const,
  allowFallback: true,
  ...extra,
});
const SECOND = 1_000;

let f: EngineFixture;
afterEach(() => f.close());

/** A WhatsApp receipt for `messageId`, stored and acted on as the webhooks app does. */
async function receipt(messageId: string, status: 'failed' | 'delivered', errorCode: string | null = null) {
  const messageKey = f.messageKey(messageId);
  await f.store.recordDeliveryEvent({
    provider: 'whatsapp',
    messageKey,
    status,
    at: f.clock.now,
    receivedAt: f.clock.now,
    dedupeKey: `${status}:${f.clock.now}:${errorCode ?? ''}`,
    errorCode,
    errorMessage: null,
    recipientMasked: '+91******3217',
    details: null,
  });
  return actOnReceipt(f.store, { provider: 'whatsapp', messageKey, status, errorCode }, f.clock.now);
}

/** `otp_fallbacks_total` by `reason/outcome`, as this engine counted them. */
async function fallbacksCounted(): Promise<Record<string, number>> {
  const { values } = await f.metrics.otpFallbacks.get();
  return Object.fromEntries(values.map((v) => [`${v.labels['reason']}/${v.labels['outcome']}`, v.value]));
}

async function verify(code: string, requestId: string) {
  return (await f.engine.verify({ toPhone: PHONE, code, requestId }, PUBLIC)).result;
}

describe('late SMS fallback', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('after silence: one fresh code by SMS for the same request; the WhatsApp code stops working', async () => {
    const sent = await f.engine.send(whatsapp(), PUBLIC);
    const whatsappCode = f.whatsapp.lastCode();
    f.clock.now += 19 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(0);
    f.clock.now += SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(1);
    expect(await f.engine.runDueFallbacks()).toBe(0);
    expect(f.sms.delivered).toHaveLength(1);
    const fallback = f.sms.delivered[0];
    expect(fallback).toMatchObject({ requestId: sent.requestId, to: PHONE, ttlSeconds: 280 });
    const view = await f.engine.request(sent.requestId);
    expect(view).toMatchObject({
      channel: 'whatsapp',
      channelUsed: 'sms',
      provider: 'twilio',
      deliveryStatus: 'pending',
      fallbackAt: f.clock.now,
      delivery: { provider: 'twilio', status: 'queued', channel: 'sms', deliveryStatus: 'pending' },
    });
    expect(view.sendAttempts.map((a) => [a.channel, a.status, a.reason])).toEqual([
      ['whatsapp', 'sent', null],
      ['sms', 'queued', 'delivery_timeout'],
    ]);
    if (f.sms.lastCode() !== whatsappCode)
      expect(await verify(whatsappCode, sent.requestId)).toBe('invalid_code');
    expect(await verify(f.sms.lastCode(), sent.requestId)).toBe('approved');
  });

  it('after a failed receipt (131026): at once, reason receipt_failed; a retried receipt and a late delivery send nothing more', async () => {
    const sent = await f.engine.send(whatsapp(), GRPC);
    expect(await receipt(sent.messageId ?? '', 'failed', '131026')).toBe('fallback_due');
    expect((await f.engine.request(sent.requestId)).deliveryStatus).toBe('pending');
    expect(await receipt(sent.messageId ?? '', 'failed', '131026')).toBe('none');
    expect(await f.engine.runDueFallbacks()).toBe(1);
    // The request view tells the whole story: the WhatsApp message's receipt, then the SMS and why.
    expect(
      (await f.engine.request(sent.requestId)).sendAttempts.map((a) => [
        a.channel,
        a.status,
        a.errorCode,
        a.reason,
      ]),
    ).toEqual([
      ['whatsapp', 'failed', '131026', null],
      ['sms', 'queued', null, 'receipt_failed'],
    ]);
    expect(await receipt(sent.messageId ?? '', 'delivered')).toBe('none');
    f.clock.now += 60 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(0);
    expect(f.sms.delivered).toHaveLength(1);
    const view = await f.engine.request(sent.requestId);
    expect(view.sendAttempts.map((a) => a.reason)).toEqual([null, 'receipt_failed']);
    expect(await fallbacksCounted()).toEqual({ 'receipt_failed/sent': 1 });
    // The fallback is a send of its own in the audit trail, made by the duty, with the number's hash.
    const rows = (await f.store.listAudit({ requestId: sent.requestId, limit: 10 })).entries;
    expect(
      rows.filter((r) => r.action === 'send').map((r) => [r.channel, r.outcome, r.callerKind, r.detail]),
    ).toEqual([
      ['sms', 'sent', 'duty', 'receipt_failed'],
      ['whatsapp', 'sent', 'grpc', null],
    ]);
    expect(new Set(rows.filter((r) => r.action === 'send').map((r) => r.phoneHash)).size).toBe(1);
    expect(await verify(f.sms.lastCode(), sent.requestId)).toBe('approved');
  });

  it('never works around a refusal the user made (131050); a delivery calls the timeout off', async () => {
    const refused = await f.engine.send(whatsapp(), GRPC);
    expect(await receipt(refused.messageId ?? '', 'failed', '131050')).toBe('none');
    const delivered = await f.engine.send(whatsapp({ toPhone: '+919876543218' }), GRPC);
    expect(await receipt(delivered.messageId ?? '', 'delivered')).toBe('fallback_called_off');
    f.clock.now += 20 * SECOND;
    // The refused one still has its timeout: silence is not a refusal. The delivered one sends nothing.
    expect(await f.engine.runDueFallbacks()).toBe(1);
    expect(f.sms.delivered.map((m) => m.requestId)).toEqual([refused.requestId]);
  });

  it('acts on a receipt that arrived before the send finished storing its outcome', async () => {
    f.whatsapp.onAccepted = async (messageId) => void (await receipt(messageId, 'failed', '131049'));
    const sent = await f.engine.send(whatsapp(), GRPC);
    expect((await f.store.getRequest(sent.requestId))?.fallbackReason).toBe('receipt_failed');
    expect(await f.engine.runDueFallbacks()).toBe(1);

    f.whatsapp.onAccepted = async (messageId) => void (await receipt(messageId, 'delivered'));
    await f.engine.send(whatsapp({ toPhone: '+919876543218' }), GRPC);
    f.clock.now += 30 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(0);
    expect(f.sms.delivered).toHaveLength(1);
  });

  it('never after the fact for SMS, caller-chosen codes, the original routes, no fallback, the flag off or mock mode', async () => {
    await f.engine.send(whatsapp({ toPhone: '+919800000001', channel: 'sms' }), GRPC);
    await f.engine.send(whatsapp({ toPhone: '+919800000002', otp: '482913' }), GRPC);
    await f.engine.send(whatsapp({ toPhone: '+919800000003' }), BACKEND);
    await f.engine.send(whatsapp({ toPhone: '+919800000004', allowFallback: false }), GRPC);
    const armed = await f.engine.send(whatsapp({ toPhone: '+919800000005' }), GRPC);
    expect(f.sealedPhones()).toBe(1); // only the last one
    expect(await receipt(armed.messageId ?? '', 'delivered')).toBe('fallback_called_off');
    expect(f.sealedPhones()).toBe(0);
    f.clock.now += 60 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(0);
    await f.close();
    for (const flags of [{ sms_fallback_enabled: false }, { mock_otp_enabled: true }] as Record<
      string,
      boolean
    >[]) {
      f = engineFixture({ flags });
      await f.engine.send(whatsapp(), PUBLIC);
      expect(f.sealedPhones()).toBe(0);
      await f.close();
    }
    f = engineFixture({ channels: { sms: null } });
    await f.engine.send(whatsapp(), PUBLIC);
    expect(f.sealedPhones()).toBe(0);
  });

  it('takes the SMS send limits: a refused fallback is recorded, shows failed, keeps the WhatsApp code and is not retried', async () => {
    await f.engine.send(whatsapp({ channel: 'sms' }), GRPC); // the SMS cooldown (30 s) starts
    const sent = await f.engine.send(whatsapp(), GRPC);
    f.clock.now += 20 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(1);
    expect(f.sms.delivered).toHaveLength(1); // only the first, direct SMS
    const view = await f.engine.request(sent.requestId);
    expect(view.deliveryStatus).toBe('failed');
    expect(view.sendAttempts.at(-1)).toMatchObject({
      channel: 'sms',
      status: 'refused',
      errorCode: 'RATE_LIMITED',
      reason: 'delivery_timeout',
    });
    f.clock.now += 120 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(0);
    expect(await fallbacksCounted()).toEqual({ 'delivery_timeout/refused': 1 });
    expect(await verify(f.whatsapp.lastCode(), sent.requestId)).toBe('approved');
  });

  it('a failed fallback SMS shows failed at once', async () => {
    const sent = await f.engine.send(whatsapp(), GRPC);
    f.sms.failWith = new ProviderError('twilio', 'rejected', '21614', 'not a mobile number', false);
    f.clock.now += 20 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(1);
    expect(await f.engine.request(sent.requestId)).toMatchObject({
      deliveryStatus: 'failed',
      state: 'failed',
    });
  });

  it('a failed SMS receipt makes the request show failed', async () => {
    const sent = await f.engine.send(whatsapp({ channel: 'sms' }), GRPC);
    await f.store.recordDeliveryEvent({
      provider: 'twilio',
      messageKey: f.messageKey(sent.messageId ?? ''),
      status: 'undelivered',
      at: f.clock.now,
      receivedAt: f.clock.now,
      dedupeKey: 'undelivered:30003',
      errorCode: '30003',
      errorMessage: null,
      recipientMasked: null,
      details: null,
    });
    expect(await f.engine.request(sent.requestId)).toMatchObject({
      deliveryStatus: 'failed',
      delivery: { status: 'undelivered' },
    });
    const byRequest = await f.engine.deliveryStatus({ requestId: sent.requestId });
    expect(byRequest).toMatchObject({ deliveryStatus: 'failed', channel: 'sms', fallbackAt: null });
  });
});

describe('a provider call that may have gone out (unknown)', () => {
  beforeEach(() => {
    f = engineFixture();
  });
  const timedOut = (provider: 'whatsapp' | 'twilio') =>
    new ProviderError(provider, 'unknown', null, 'the request was sent but no answer came back', false);

  it('answers success with the request id, is sent once, verifies if it arrived, and the timeout then decides', async () => {
    f.whatsapp.failWith = timedOut('whatsapp');
    const sent = await f.engine.send(whatsapp(), PUBLIC);
    expect(sent).toMatchObject({
      status: 'unknown',
      messageId: null,
      provider: 'whatsapp',
      channel: 'whatsapp',
    });
    expect(sent.message).toContain('may have been sent');
    expect(f.whatsapp.delivered).toHaveLength(1);
    expect(f.sms.delivered).toHaveLength(0); // no fallback at once: that could deliver two codes
    const view = await f.engine.request(sent.requestId);
    expect(view).toMatchObject({ deliveryStatus: 'pending', channelUsed: 'whatsapp' });
    expect(view.sendAttempts.map((a) => a.status)).toEqual(['unknown']);
    expect(await f.engine.deliveryStatus({ requestId: sent.requestId })).toMatchObject({
      status: 'unknown',
      deliveryStatus: 'pending',
      events: [],
    });
    f.clock.now += 20 * SECOND;
    expect(await f.engine.runDueFallbacks()).toBe(1);
    expect(await verify(f.sms.lastCode(), sent.requestId)).toBe('approved');
  });

  it('an SMS whose call may have gone out still verifies with the code it carried', async () => {
    f.sms.failWith = timedOut('twilio');
    const sent = await f.engine.send(whatsapp({ channel: 'sms' }), GRPC);
    expect(sent).toMatchObject({ status: 'unknown', messageId: null });
    expect(await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).toMatchObject({
      verified: true,
    });
  });
});

describe('a store failure after the provider accepted', () => {
  /** Another connection takes the file's write lock as soon as the provider accepts, for `holdMs`. */
  function lockAfterAccept(holdMs: number): () => void {
    const holder = new Database(f.file);
    let timer: NodeJS.Timeout | undefined;
    f.sms.onAccepted = () => {
      holder.exec('BEGIN IMMEDIATE');
      timer = setTimeout(() => holder.exec('COMMIT'), holdMs);
    };
    return () => {
      clearTimeout(timer);
      if (holder.inTransaction) holder.exec('COMMIT');
      holder.close();
    };
  }

  it('is retried, and the answer carries the request id', async () => {
    f = engineFixture({ lockWait: { busyTimeoutMs: 5, budgetMs: 30 } });
    const release = lockAfterAccept(300);
    try {
      const sent = await f.engine.send(whatsapp({ channel: 'sms' }), GRPC);
      expect(sent).toMatchObject({ status: 'queued', messageId: 'SM1' });
      expect((await f.engine.request(sent.requestId)).sendAttempts).toHaveLength(1);
      expect(f.logs.join('')).toContain('store write failed; retrying');
    } finally {
      release();
    }
  });

  it('still answers with the request id when the store stays down, and the code verifies once it is back', async () => {
    f = engineFixture({ lockWait: { busyTimeoutMs: 5, budgetMs: 30 } });
    const release = lockAfterAccept(60_000);
    let sent;
    try {
      sent = await f.engine.send(whatsapp({ channel: 'sms' }), GRPC);
      expect(sent).toMatchObject({ status: 'queued', messageId: 'SM1' });
      expect(f.logs.join('')).toContain('answering anyway');
    } finally {
      release();
    }
    expect(await verify(f.sms.lastCode(), sent.requestId)).toBe('approved');
  });
});
