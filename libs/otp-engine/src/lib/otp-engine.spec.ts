import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { ProviderError } from '@agent-mitra/channels';
import { BASE_SETTINGS, engineFixture, notWhatsAppUser, type EngineFixture } from '../testing/engine-fixture';
import { verifyVerificationToken } from './token';

const PHONE = '+919876543210';
const GRPC = { caller: { kind: 'grpc', id: 'svc-1' } } as const;
const PUBLIC = { caller: { kind: 'public', id: null } } as const;
const OTHER = '+919812345678';
const sms = (extra = {}) => ({ toPhone: PHONE, channel: 'sms' as const, allowFallback: true, ...extra });

let f: EngineFixture;
afterEach(() => f.close());

describe('send', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('delivers a generated code, stores only its keyed hash and says nothing of the code', async () => {
    const result = await f.engine.send(sms({ purpose: 'login' }), GRPC);
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

  it('refuses a channel without credentials or switched off as CHANNEL_DISABLED, spending no limit', async () => {
    const noSms = engineFixture({ channels: { sms: null } });
    try {
      await expect(noSms.engine.send(sms(), GRPC)).rejects.toMatchObject({
        code: 'CHANNEL_DISABLED',
        httpStatus: 422,
        details: { channel: 'sms' },
      });
      // WhatsApp with fallback still works (nothing was spent by the refusals).
      await expect(noSms.engine.send(sms({ channel: 'whatsapp' }), GRPC)).resolves.toMatchObject({
        channel: 'whatsapp',
      });
    } finally {
      await noSms.close();
    }
    const off = engineFixture({ flags: { whatsapp_channel_enabled: false } });
    try {
      await expect(
        off.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: false }, GRPC),
      ).rejects.toMatchObject({ code: 'CHANNEL_DISABLED', details: { channel: 'whatsapp' } });
      // Switched off but fallback allowed: straight to SMS, no failed WhatsApp attempt.
      const sent = await off.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC);
      expect(sent.channel).toBe('sms');
      expect((await off.engine.request(sent.requestId)).sendAttempts.map((a) => a.channel)).toEqual(['sms']);
    } finally {
      await off.close();
    }
  });

  it('reads numbers pasted with invisible formatting marks as what they show', async () => {
    for (const pasted of [
      '\u202a+91 98765 43210\u202c',
      '\u200e+919876543210',
      '\u2066+91\u00a098765\u00a043210\u2069',
      '\ufeff+91\u200b98765\u200d43210',
    ]) {
      f.clock.now += 31_000;
      await expect(f.engine.send(sms({ toPhone: pasted }), GRPC)).resolves.toMatchObject({ to: PHONE });
      expect((await f.engine.verify({ toPhone: pasted, code: f.sms.lastCode() }, GRPC)).verified).toBe(true);
    }
    for (const bad of ['+91 98765 4321O', '+91\u000198765 43210', '\u202e01234 56789 19+']) {
      await expect(f.engine.send(sms({ toPhone: bad }), GRPC)).rejects.toMatchObject({
        code: 'INVALID_PHONE',
      });
    }
  });

  it('sends only to numbers that can receive a code: landline, toll-free and UAN numbers are INVALID_PHONE', async () => {
    // +91 11… is a Delhi landline, +91 1800… toll-free, +91 140… the telemarketing series.
    for (const [toPhone, channel] of [
      ['+911123456789', 'sms'],
      ['+9118001234567', 'sms'],
      ['+911401234567', 'whatsapp'],
    ] as const) {
      await expect(f.engine.send({ toPhone, channel, allowFallback: true }, GRPC)).rejects.toMatchObject({
        code: 'INVALID_PHONE',
        details: { reason: 'not_mobile' },
      });
    }
    expect([...f.sms.delivered, ...f.whatsapp.delivered]).toHaveLength(0);
    // A plan that does not tell mobiles apart (+1: FIXED_LINE_OR_MOBILE) passes as a number; only the
    // country rule (OTP_ALLOWED_COUNTRIES, IN here) stops it.
    await expect(f.engine.send(sms({ toPhone: '+14155550123' }), GRPC)).rejects.toMatchObject({
      code: 'COUNTRY_NOT_ALLOWED',
    });
    // Verify parses as before: a landline has no code, not a malformed number.
    await expect(f.engine.verify({ toPhone: '+911123456789', code: '123456' }, GRPC)).resolves.toMatchObject({
      result: 'not_found',
    });
  });

  it('uses a caller-supplied code and refuses a malformed one', async () => {
    await f.engine.send(sms({ otp: '0042' }), GRPC);
    expect(f.sms.lastCode()).toBe('0042');
    await expect(f.engine.send(sms({ toPhone: OTHER, otp: '12' }), GRPC)).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    await expect(f.engine.send(sms({ toPhone: OTHER, otp: '12345678901' }), GRPC)).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    expect((await f.engine.verify({ toPhone: PHONE, code: '0042' }, GRPC)).verified).toBe(true);
  });

  it('refuses numbers that are not E.164', async () => {
    for (const bad of ['9876543210', '+91', 'hello', '+91987654321099999', '']) {
      await expect(f.engine.send(sms({ toPhone: bad }), GRPC)).rejects.toMatchObject({
        code: 'INVALID_PHONE',
      });
    }
    expect(f.sms.delivered).toHaveLength(0);
  });

  it('keeps a cooldown per phone and channel, but lets the user switch channel at once', async () => {
    await f.engine.send(sms(), GRPC);
    f.clock.now += 10_000;
    await expect(f.engine.send(sms(), GRPC)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 20,
      details: { limit: 'cooldown', retry_after_seconds: 20 },
    });
    await expect(f.engine.send(sms({ channel: 'whatsapp' }), GRPC)).resolves.toMatchObject({
      channel: 'whatsapp',
    });
    f.clock.now += 20_000;
    await expect(f.engine.send(sms(), GRPC)).resolves.toMatchObject({ channel: 'sms' });
  });

  it('allows 5 sends per phone per window across channels', async () => {
    for (let i = 0; i < 5; i += 1) {
      await f.engine.send(sms({ channel: i % 2 ? 'whatsapp' : 'sms' }), GRPC);
      f.clock.now += 31_000;
    }
    await expect(f.engine.send(sms(), GRPC)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 'phone', kind: 'phone' },
    });
    await expect(f.engine.send(sms({ toPhone: OTHER }), GRPC)).resolves.toBeTruthy();
  });

  it('falls back from WhatsApp to SMS with the same code and records both attempts', async () => {
    f.whatsapp.failWith = notWhatsAppUser();
    const result = await f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC);
    expect(result).toMatchObject({ channel: 'sms', provider: 'twilio' });
    const view = await f.engine.request(result.requestId);
    expect(view.sendAttempts.map((a) => [a.channel, a.status, a.errorCode])).toEqual([
      ['whatsapp', 'failed', '131026'],
      ['sms', 'queued', null],
    ]);
    expect(view.channelUsed).toBe('sms');
    const counted = (await f.metrics.otpFallbacks.get()).values;
    expect(counted).toEqual([
      expect.objectContaining({ labels: { reason: 'send_failed', outcome: 'sent' }, value: 1 }),
    ]);
    expect((await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).verified).toBe(true);
  });

  it('does not fall back when the caller forbids it, and fails with the provider code', async () => {
    f.whatsapp.failWith = notWhatsAppUser();
    await expect(
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: false }, GRPC),
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
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(f.sms.delivered).toHaveLength(0);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses it with another body', async () => {
    f.whatsapp.nextMessageId = 'wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzU2RkQ2';
    const body = sms({ channel: 'whatsapp' });
    const first = await f.engine.send(body, { ...GRPC, idempotencyKey: 'abc-1' });
    const again = await f.engine.send(body, { ...GRPC, idempotencyKey: 'abc-1' });
    expect(again).toEqual(first);
    expect(f.whatsapp.delivered).toHaveLength(1);
    // Stored without the number or the wamid: the answer is sealed and `to` is rebuilt on replay.
    const raw = f.rawDatabase();
    expect(raw).not.toContain('9876543210');
    expect(raw).not.toContain('wamid');
    expect(raw).not.toContain('HBgMOTE5ODc2NTQzMjEw');
    // Another caller with the same key is another scope: it sends (and gets its own answer).
    f.clock.now += 31_000;
    const other = await f.engine.send(body, {
      caller: { kind: 'grpc', id: 'svc-2' },
      idempotencyKey: 'abc-1',
    });
    expect(other.requestId).not.toBe(first.requestId);
    await expect(
      f.engine.send(sms({ channel: 'whatsapp', purpose: 'other' }), { ...GRPC, idempotencyKey: 'abc-1' }),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it('frees the Idempotency-Key when the send fails, so a retry can succeed', async () => {
    f.sms.failWith = new ProviderError('twilio', 'unavailable', '20429', 'Too Many Requests', false);
    await expect(f.engine.send(sms(), { ...GRPC, idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    f.sms.failWith = null;
    f.clock.now += 31_000;
    await expect(f.engine.send(sms(), { ...GRPC, idempotencyKey: 'k' })).resolves.toMatchObject({
      provider: 'twilio',
    });
  });
});

describe('mock mode', () => {
  it('answers the original mock send, reaches nobody and is exempt from per-number limits', async () => {
    f = engineFixture({ flags: { mock_otp_enabled: true } });
    const result = await f.engine.send(sms(), GRPC);
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
    for (let i = 0; i < 10; i += 1) await f.engine.send(sms(), GRPC);
    expect(f.sms.delivered).toHaveLength(0);
    expect((await f.engine.verify({ toPhone: PHONE, code: '123456' }, GRPC)).verified).toBe(true);
  });

  it('still limits verify attempts', async () => {
    f = engineFixture({ flags: { mock_otp_enabled: true } });
    await f.engine.send(sms(), GRPC);
    for (let i = 0; i < 5; i += 1) await f.engine.verify({ toPhone: PHONE, code: '000000' }, GRPC);
    expect(await f.engine.verify({ toPhone: PHONE, code: '123456' }, GRPC)).toMatchObject({
      result: 'max_attempts',
    });
  });

  it('in production applies only to OTP_TEST_NUMBERS and never returns the code', async () => {
    f = engineFixture({
      flags: { mock_otp_enabled: true },
      production: true,
      settings: { testNumbers: [OTHER] },
    });
    const real = await f.engine.send(sms(), GRPC);
    expect(real).toMatchObject({ mock: false, provider: 'twilio', otpSent: null });
    expect(f.sms.delivered).toHaveLength(1);
    const reviewer = await f.engine.send(sms({ toPhone: OTHER }), GRPC);
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
    const sent = await f.engine.send(sms({ purpose: 'login' }), GRPC);
    const outcome = await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC);
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
    expect(await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).toMatchObject({
      verified: false,
      result: 'not_found',
    });
  });

  it('tokens say where the code came from and last at most 10 minutes', async () => {
    await f.engine.send(sms(), GRPC);
    const server = await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC);
    const claims = await verifyVerificationToken(
      BASE_SETTINGS.tokenSecret,
      server.verificationToken ?? '',
      f.clock.now,
    );
    expect(claims).toMatchObject({ iss: 'agent-mitra-otp', aud: 'agent-mitra', code_origin: 'server' });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(600);
  });

  describe('from public callers', () => {
    it('requires the request id, so a stranger cannot spend the owner’s attempts', async () => {
      const sent = await f.engine.send(sms(), PUBLIC);
      for (let i = 0; i < 5; i += 1) {
        await expect(f.engine.verify({ toPhone: PHONE, code: '000000' }, PUBLIC)).rejects.toMatchObject({
          code: 'VALIDATION_ERROR',
        });
        expect(
          await f.engine.verify(
            { toPhone: PHONE, code: '000000', requestId: '0f8e2c1a-0000-4000-8000-00000000000' + i },
            PUBLIC,
          ),
        ).toMatchObject({ result: 'not_found' });
      }
      const owner = await f.engine.verify(
        { toPhone: PHONE, code: f.sms.lastCode(), requestId: sent.requestId },
        PUBLIC,
      );
      expect(owner).toMatchObject({ verified: true, result: 'approved' });
    });

    it("a stranger's public send neither cancels a backend's pending code nor takes its place", async () => {
      const backend = await f.engine.send(sms(), GRPC);
      const backendCode = f.sms.lastCode();
      f.clock.now += 31_000; // past the cooldown, which is per caller class anyway
      await f.engine.send(sms(), PUBLIC);
      // Without a request id the backend's check finds its own newest code, not the stranger's.
      expect(await f.engine.verify({ toPhone: PHONE, code: '000000' }, GRPC)).toMatchObject({
        result: 'invalid_code',
        requestId: backend.requestId,
      });
      expect(
        await f.engine.verify({ toPhone: PHONE, code: backendCode, requestId: backend.requestId }, GRPC),
      ).toMatchObject({ verified: true, result: 'approved' });
    });

    it('never approves a code a backend chose; an authenticated caller may, and the token says so', async () => {
      const minted = await f.engine.send(sms({ otp: '4242' }), { caller: { kind: 'backend', id: 'k1' } });
      const attempt = await f.engine.verify(
        { toPhone: PHONE, code: '4242', requestId: minted.requestId },
        PUBLIC,
      );
      expect(attempt).toMatchObject({ verified: false, result: 'not_found', verificationToken: null });
      expect((await f.store.getRequest(minted.requestId))?.attempts).toBe(0);
      const backend = await f.engine.verify({ toPhone: PHONE, code: '4242' }, GRPC);
      expect(backend.verified).toBe(true);
      const claims = await verifyVerificationToken(
        BASE_SETTINGS.tokenSecret,
        backend.verificationToken ?? '',
        f.clock.now,
      );
      expect(claims.code_origin).toBe('caller');
    });

    it('treats a caller code as caller-chosen even when mock mode replaced it', async () => {
      const mocked = engineFixture({ flags: { mock_otp_enabled: true } });
      try {
        const sent = await mocked.engine.send(sms({ otp: '4242' }), GRPC);
        expect(sent.otpSent).toBe('123456');
        expect(
          await mocked.engine.verify({ toPhone: PHONE, code: '123456', requestId: sent.requestId }, PUBLIC),
        ).toMatchObject({ result: 'not_found' });
      } finally {
        await mocked.close();
      }
    });
  });

  describe('with ES256 tokens', () => {
    it('signs with the key, publishes its public half with the RFC 7638 thumbprint as kid', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const es = engineFixture({
        settings: { tokenPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      });
      try {
        await es.engine.send(sms(), GRPC);
        const { verificationToken } = await es.engine.verify(
          { toPhone: PHONE, code: es.sms.lastCode() },
          GRPC,
        );
        const jwks = await es.engine.jwks();
        const jwk = jwks?.keys[0];
        if (!jwk) throw new Error('no key published');
        expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
        expect(jwk).not.toHaveProperty('d');
        expect(jwk.kid).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
        expect(decodeProtectedHeader(verificationToken ?? '')).toMatchObject({ alg: 'ES256', kid: jwk?.kid });
        const claims = await verifyVerificationToken(
          createLocalJWKSet({ keys: [...(jwks?.keys ?? [])] }),
          verificationToken ?? '',
          es.clock.now,
        );
        expect(claims).toMatchObject({ sub: PHONE, code_origin: 'server' });
        await expect(
          verifyVerificationToken(BASE_SETTINGS.tokenSecret, verificationToken ?? '', es.clock.now),
        ).rejects.toThrow();
      } finally {
        await es.close();
      }
      expect(await f.engine.jwks()).toBeNull();
    });
  });

  it('counts wrong tries per request and locks only that request', async () => {
    await f.engine.send(sms(), GRPC);
    const left = [];
    for (let i = 0; i < 5; i += 1)
      left.push((await f.engine.verify({ toPhone: PHONE, code: '000000' }, GRPC)).attemptsLeft);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const locked = await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC);
    expect(locked).toMatchObject({ verified: false, result: 'max_attempts' });
    f.clock.now += 31_000;
    await f.engine.send(sms(), GRPC);
    expect((await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).verified).toBe(true);
  });

  it('expires exactly at the TTL', async () => {
    const sent = await f.engine.send(sms(), GRPC);
    f.clock.now = sent.expiresAt - 1;
    expect((await f.engine.verify({ toPhone: PHONE, code: '000000' }, GRPC)).result).toBe('invalid_code');
    f.clock.now = sent.expiresAt;
    expect(await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).toMatchObject({
      result: 'expired',
    });
  });

  it('treats an older code as expired once a newer one was sent', async () => {
    const first = await f.engine.send(sms(), GRPC);
    const firstCode = f.sms.lastCode();
    await f.engine.send(sms({ channel: 'whatsapp' }), GRPC);
    expect(
      await f.engine.verify({ toPhone: PHONE, code: firstCode, requestId: first.requestId }, GRPC),
    ).toMatchObject({
      result: 'expired',
    });
    expect((await f.engine.verify({ toPhone: PHONE, code: f.whatsapp.lastCode() }, GRPC)).verified).toBe(
      true,
    );
  });

  it('never lets one phone use another phone request', async () => {
    const sent = await f.engine.send(sms(), GRPC);
    expect(
      await f.engine.verify({ toPhone: OTHER, code: f.sms.lastCode(), requestId: sent.requestId }, GRPC),
    ).toMatchObject({ result: 'not_found' });
    expect(await f.engine.verify({ toPhone: OTHER, code: '123456' }, GRPC)).toMatchObject({
      result: 'not_found',
    });
  });

  it('refuses malformed input as errors, not as wrong codes', async () => {
    await expect(f.engine.verify({ toPhone: PHONE, code: '12' }, GRPC)).rejects.toMatchObject({
      code: 'INVALID_OTP_FORMAT',
    });
    await expect(f.engine.verify({ toPhone: '12', code: '123456' }, GRPC)).rejects.toMatchObject({
      code: 'INVALID_PHONE',
    });
  });
});

describe('status', () => {
  beforeEach(() => {
    f = engineFixture();
  });

  it('finds the delivery by message id and by request id', async () => {
    const sent = await f.engine.send(sms(), GRPC);
    const byMessage = await f.engine.deliveryStatus({ messageId: sent.messageId ?? '' });
    expect(byMessage).toMatchObject({
      messageId: 'SM1',
      provider: 'twilio',
      status: 'queued',
      requestId: sent.requestId,
      deliveryStatus: 'pending',
      sendAttempts: [],
    });
    expect(byMessage.events.map((e) => e.status)).toEqual(['queued']);
    // By request the provider id is not known (it is stored only as its keyed hash); the attempts are.
    const byRequest = {
      ...byMessage,
      messageId: null,
      sendAttempts: [
        {
          channel: 'sms',
          provider: 'twilio',
          status: 'queued',
          errorCode: null,
          at: f.clock.now,
          reason: null,
        },
      ],
    };
    expect(await f.engine.deliveryStatus({ requestId: sent.requestId })).toEqual(byRequest);
    const view = await f.engine.request(sent.requestId);
    expect(view).toMatchObject({
      state: 'pending',
      attemptsLeft: 5,
      to: '+91******3210',
      codeOrigin: 'server',
      delivery: byRequest,
    });
    expect(JSON.stringify(view)).not.toContain('SM1');
    expect(await f.store.getDelivery('SM1')).toBeNull();
  });

  it('finds a wamid with base64 punctuation (+ / =) by the id as the provider gave it', async () => {
    f.whatsapp.nextMessageId = 'wamid.HBgM/OTE5+ODc2NTQzMjEw==';
    const sent = await f.engine.send(sms({ channel: 'whatsapp' }), GRPC);
    expect(await f.engine.deliveryStatus({ messageId: 'wamid.HBgM/OTE5+ODc2NTQzMjEw==' })).toMatchObject({
      messageId: sent.messageId,
      requestId: sent.requestId,
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
