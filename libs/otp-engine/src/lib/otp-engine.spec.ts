import { ProviderError } from '@agent-mitra/channels';
import { engineFixture, notWhatsAppUser, type EngineFixture } from '../testing/engine-fixture';
import { verifyVerificationToken } from './token';

const PHONE = '+919876543210';
const OTHER = '+919812345678';
const sms = (extra = {}) => ({ toPhone: PHONE, channel: 'sms' as const, allowFallback: true, ...extra });

let f: EngineFixture;
afterEach(() => f.close());

describe('send', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('delivers a generated code, stores only its keyed hash and says nothing of the code', async () => {
    const result = await f.engine.send(sms({ purpose: 'login' }));
    const code = f.sms.lastCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(f.sms.delivered[0]).toMatchObject({ to: PHONE, ttlSeconds: 300, purpose: 'login' });
    expect(result).toMatchObject({
      provider: 'twilio',
      messageId: 'SM1',
      status: 'queued',
      to: PHONE,
      channel: 'sms',
      mock: false,
      otpSent: null,
      message: 'Verification code sent by SMS to +91******3210.',
      expiresAt: f.clock.now + 300_000,
      resendAfterSeconds: 30,
    });
    const stored = await f.store.getRequest(result.requestId);
    expect(stored?.codeHash).not.toContain(code);
    expect(stored?.phoneMasked).toBe('+91******3210');
    expect(JSON.stringify(stored)).not.toContain('9876543210');
    expect(f.logs.join('')).not.toContain(code);
  });

  it('uses a caller-supplied code and refuses a malformed one', async () => {
    await f.engine.send(sms({ otp: '0042' }));
    expect(f.sms.lastCode()).toBe('0042');
    await expect(f.engine.send(sms({ toPhone: OTHER, otp: '12' }))).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    await expect(f.engine.send(sms({ toPhone: OTHER, otp: '12345678901' }))).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    expect((await f.engine.verify({ toPhone: PHONE, code: '0042' })).verified).toBe(true);
  });

  it('refuses numbers that are not E.164', async () => {
    for (const bad of ['9876543210', '+91', 'hello', '+91987654321099999', '']) {
      await expect(f.engine.send(sms({ toPhone: bad }))).rejects.toMatchObject({ code: 'INVALID_PHONE' });
    }
    expect(f.sms.delivered).toHaveLength(0);
  });

  it('keeps a cooldown per phone and channel, but lets the user switch channel at once', async () => {
    await f.engine.send(sms());
    f.clock.now += 10_000;
    await expect(f.engine.send(sms())).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 20,
      details: { limit: 'cooldown', retry_after_seconds: 20 },
    });
    await expect(f.engine.send(sms({ channel: 'whatsapp' }))).resolves.toMatchObject({ channel: 'whatsapp' });
    f.clock.now += 20_000;
    await expect(f.engine.send(sms())).resolves.toMatchObject({ channel: 'sms' });
  });

  it('allows 5 sends per phone per window across channels', async () => {
    for (let i = 0; i < 5; i += 1) {
      await f.engine.send(sms({ channel: i % 2 ? 'whatsapp' : 'sms' }));
      f.clock.now += 31_000;
    }
    await expect(f.engine.send(sms())).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 'window' },
    });
    await expect(f.engine.send(sms({ toPhone: OTHER }))).resolves.toBeTruthy();
  });

  it('falls back from WhatsApp to SMS with the same code and records both attempts', async () => {
    f.whatsapp.failWith = notWhatsAppUser();
    const result = await f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true });
    expect(result).toMatchObject({ channel: 'sms', provider: 'twilio' });
    const view = await f.engine.request(result.requestId);
    expect(view.sendAttempts.map((a) => [a.channel, a.status, a.errorCode])).toEqual([
      ['whatsapp', 'failed', '131026'],
      ['sms', 'queued', null],
    ]);
    expect((await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() })).verified).toBe(true);
  });

  it('does not fall back when the caller forbids it, and fails with the provider code', async () => {
    f.whatsapp.failWith = notWhatsAppUser();
    await expect(
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: false }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_REJECTED',
      details: { provider: 'whatsapp', provider_code: '131026' },
    });
    expect(f.sms.delivered).toHaveLength(0);
  });

  it('does not fall back on failures SMS cannot cure', async () => {
    f.whatsapp.failWith = new ProviderError(
      'whatsapp',
      'credentials',
      '190',
      'WhatsApp rejected our access token',
      false,
    );
    await expect(
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(f.sms.delivered).toHaveLength(0);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it with another body', async () => {
    const first = await f.engine.send(sms(), { idempotencyKey: 'abc-1' });
    const again = await f.engine.send(sms(), { idempotencyKey: 'abc-1' });
    expect(again).toEqual(first);
    expect(f.sms.delivered).toHaveLength(1);
    await expect(f.engine.send(sms({ purpose: 'other' }), { idempotencyKey: 'abc-1' })).rejects.toMatchObject(
      {
        code: 'IDEMPOTENCY_CONFLICT',
      },
    );
  });

  it('frees the Idempotency-Key when the send fails, so a retry can succeed', async () => {
    f.sms.failWith = new ProviderError('twilio', 'unavailable', '20429', 'Too Many Requests', false);
    await expect(f.engine.send(sms(), { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    f.sms.failWith = null;
    f.clock.now += 31_000;
    await expect(f.engine.send(sms(), { idempotencyKey: 'k' })).resolves.toMatchObject({
      provider: 'twilio',
    });
  });
});

describe('mock mode', () => {
  it('answers the original mock send, reaches nobody and is exempt from per-number limits', async () => {
    f = engineFixture({ flags: { mock_otp_enabled: true } });
    const result = await f.engine.send(sms());
    expect(result).toMatchObject({
      provider: 'mock',
      messageId: `mock_${PHONE}_${Math.floor(f.clock.now / 1000)}`,
      status: 'sent',
      to: PHONE,
      mock: true,
      otpSent: '123456',
      message: 'Your Agent Mitra verification code is: 123456. Valid for 5 minutes.',
      resendAfterSeconds: 0,
    });
    for (let i = 0; i < 10; i += 1) await f.engine.send(sms());
    expect(f.sms.delivered).toHaveLength(0);
    expect((await f.engine.verify({ toPhone: PHONE, code: '123456' })).verified).toBe(true);
  });

  it('still limits verify attempts', async () => {
    f = engineFixture({ flags: { mock_otp_enabled: true } });
    await f.engine.send(sms());
    for (let i = 0; i < 5; i += 1) await f.engine.verify({ toPhone: PHONE, code: '000000' });
    expect(await f.engine.verify({ toPhone: PHONE, code: '123456' })).toMatchObject({
      result: 'max_attempts',
    });
  });

  it('in production applies only to OTP_TEST_NUMBERS and never returns the code', async () => {
    f = engineFixture({
      flags: { mock_otp_enabled: true },
      production: true,
      settings: { testNumbers: [OTHER] },
    });
    const real = await f.engine.send(sms());
    expect(real).toMatchObject({ mock: false, provider: 'twilio', otpSent: null });
    expect(f.sms.delivered).toHaveLength(1);
    const reviewer = await f.engine.send(sms({ toPhone: OTHER }));
    expect(reviewer).toMatchObject({ mock: true, provider: 'mock', otpSent: null });
    expect(reviewer.message).not.toContain('123456');
    expect(f.sms.delivered).toHaveLength(1);
  });
});

describe('verify', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('approves the right code once and issues a short-lived verification token', async () => {
    const sent = await f.engine.send(sms({ purpose: 'login' }));
    const outcome = await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() });
    expect(outcome).toMatchObject({ verified: true, result: 'approved', requestId: sent.requestId });
    const claims = await verifyVerificationToken(
      'test-token-secret-0123456789abcdef0123',
      outcome.verificationToken ?? '',
      f.clock.now,
    );
    expect(claims).toMatchObject({ sub: PHONE, purpose: 'login', request_id: sent.requestId });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
    await expect(
      verifyVerificationToken('another-secret-0123456789abcdef0123456', outcome.verificationToken ?? ''),
    ).rejects.toThrow();
    expect(await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() })).toMatchObject({
      verified: false,
      result: 'not_found',
    });
  });

  it('counts wrong tries per request and locks only that request', async () => {
    await f.engine.send(sms());
    const left = [];
    for (let i = 0; i < 5; i += 1)
      left.push((await f.engine.verify({ toPhone: PHONE, code: '000000' })).attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const locked = await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() });
    expect(locked).toMatchObject({ verified: false, result: 'max_attempts' });
    f.clock.now += 31_000;
    await f.engine.send(sms());
    expect((await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() })).verified).toBe(true);
  });

  it('expires exactly at the TTL', async () => {
    const sent = await f.engine.send(sms());
    f.clock.now = sent.expiresAt - 1;
    expect((await f.engine.verify({ toPhone: PHONE, code: '000000' })).result).toBe('invalid_code');
    f.clock.now = sent.expiresAt;
    expect(await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() })).toMatchObject({
      result: 'expired',
    });
  });

  it('treats an older code as expired once a newer one was sent', async () => {
    const first = await f.engine.send(sms());
    const firstCode = f.sms.lastCode();
    await f.engine.send(sms({ channel: 'whatsapp' }));
    expect(
      await f.engine.verify({ toPhone: PHONE, code: firstCode, requestId: first.requestId }),
    ).toMatchObject({
      result: 'expired',
    });
    expect((await f.engine.verify({ toPhone: PHONE, code: f.whatsapp.lastCode() })).verified).toBe(true);
  });

  it('never lets one phone use another phone request', async () => {
    const sent = await f.engine.send(sms());
    expect(
      await f.engine.verify({ toPhone: OTHER, code: f.sms.lastCode(), requestId: sent.requestId }),
    ).toMatchObject({ result: 'not_found' });
    expect(await f.engine.verify({ toPhone: OTHER, code: '123456' })).toMatchObject({ result: 'not_found' });
  });

  it('refuses malformed input as errors, not as wrong codes', async () => {
    await expect(f.engine.verify({ toPhone: PHONE, code: '12' })).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    await expect(f.engine.verify({ toPhone: '12', code: '123456' })).rejects.toMatchObject({
      code: 'INVALID_PHONE',
    });
  });
});

describe('status', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('finds the delivery by message id and by request id', async () => {
    const sent = await f.engine.send(sms());
    const byMessage = await f.engine.deliveryStatus({ messageId: sent.messageId });
    expect(byMessage).toMatchObject({
      messageId: 'SM1',
      provider: 'twilio',
      status: 'queued',
      requestId: sent.requestId,
    });
    expect(byMessage.events.map((e) => e.status)).toEqual(['queued']);
    expect(await f.engine.deliveryStatus({ requestId: sent.requestId })).toEqual(byMessage);
    const view = await f.engine.request(sent.requestId);
    expect(view).toMatchObject({
      state: 'pending',
      attemptsLeft: 5,
      to: '+91******3210',
      delivery: byMessage,
    });
  });

  it('answers NOT_FOUND and VALIDATION_ERROR clearly', async () => {
    await expect(f.engine.deliveryStatus({ messageId: 'SMnope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(f.engine.deliveryStatus({ requestId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.engine.deliveryStatus({})).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(f.engine.deliveryStatus({ messageId: 'bad id with spaces' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });
});
