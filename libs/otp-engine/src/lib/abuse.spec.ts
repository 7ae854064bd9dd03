// Each abuse defence of issue 9 through the real engine on a real SQLite file: each test fails when its
// defence is taken away. Over HTTP, gRPC and across processes: apps/gateway, apps/otp-service, apps/e2e.
import type { Counter } from 'prom-client';
import { engineFixture, notWhatsAppUser, type EngineFixture } from '../testing/engine-fixture';
import type { Caller } from './types';

const PHONE = '+919876543210';
const GRPC = { caller: { kind: 'grpc', id: 'svc-1' } as Caller };
const BACKEND = { caller: { kind: 'backend', id: 'key-1' } as Caller };
const fromIp = (clientIp: string) => ({ caller: { kind: 'public', id: null } as Caller, clientIp });
const sms = (toPhone = PHONE, extra = {}) => ({
  toPhone,
  channel: 'sms' as const,
  allowFallback: true,
  ...extra,
});
/** The n-th number of a pumping loop walking one block of 1,000 (+91 98765 43xxx). */
const walk = (n: number) => `+91987654${String(3000 + n).padStart(4, '0')}`;

let f: EngineFixture;
afterEach(() => f.close());

async function count<T extends string>(counter: Counter<T>, labels: Partial<Record<T, string>> = {}) {
  const { values } = await counter.get();
  return values
    .filter((v) => Object.entries(labels).every(([name, value]) => v.labels[name as T] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

const auditOf = async (query: { requestId?: string; outcome?: string } = {}) =>
  (await f.store.listAudit({ limit: 100, ...query })).entries;

describe('destination countries', () => {
  it('refuses a number outside OTP_ALLOWED_COUNTRIES before any limit or provider, and says so everywhere', async () => {
    f = engineFixture({ settings: { maxSendsPerIpPerMinute: 1 } });
    await expect(f.engine.send(sms('+12025550123'), fromIp('203.0.113.7'))).rejects.toMatchObject({
      code: 'COUNTRY_NOT_ALLOWED',
      httpStatus: 422,
      details: { country: 'US' },
    });
    expect(f.sms.delivered).toHaveLength(0);
    // Nothing was spent: the address's only send of the minute is still there.
    await expect(f.engine.send(sms(), fromIp('203.0.113.7'))).resolves.toMatchObject({ to: PHONE });
    expect(await count(f.metrics.refusals, { kind: 'country' })).toBe(1);
    expect(await auditOf({ outcome: 'refused' })).toEqual([
      expect.objectContaining({
        action: 'send',
        detail: 'country',
        country: 'US',
        phoneMasked: '+1******0123',
      }),
    ]);
  });

  it('sends anywhere with *', async () => {
    f = engineFixture({ settings: { allowedCountries: '*' } });
    await expect(f.engine.send(sms('+12025550123'), GRPC)).resolves.toMatchObject({ to: '+12025550123' });
    expect(await count(f.metrics.otpSends, { country: 'US', outcome: 'sent' })).toBe(1);
  });
});

describe('money budgets', () => {
  it('stops a pumping loop over consecutive numbers at the prefix budget; other blocks still work', async () => {
    f = engineFixture({ settings: { maxSendsPerPrefixPerHour: 20 } });
    const answers = [];
    for (let n = 0; n < 30; n += 1) {
      answers.push(
        await f.engine.send(sms(walk(n)), fromIp(`198.51.100.${n}`)).then(
          () => 'sent',
          (e) => e.details.kind,
        ),
      );
    }
    expect(answers).toEqual([...Array(20).fill('sent'), ...Array(10).fill('prefix')]);
    expect(f.sms.delivered).toHaveLength(20);
    await expect(f.engine.send(sms('+919812345678'), fromIp('198.51.100.99'))).resolves.toBeTruthy();
    await expect(f.engine.send(sms(walk(40)), fromIp('198.51.100.98'))).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3600,
      details: { limit: 'prefix', kind: 'prefix' },
    });
    expect(await count(f.metrics.refusals, { kind: 'prefix' })).toBe(11);
    expect((await auditOf({ outcome: 'refused' })).every((row) => row.detail === 'prefix')).toBe(true);
  });

  it('trips the global budget once per window, logs and counts the trip once, and closes when the minute ends', async () => {
    f = engineFixture({ settings: { maxSendsPerMinute: 5, maxSendsPerPrefixPerHour: 0 } });
    const numbers = Array.from({ length: 9 }, (_, i) => `+9198${i}0012345`);
    const sent = [];
    for (const phone of numbers)
      sent.push(
        await f.engine.send(sms(phone), GRPC).then(
          () => true,
          () => false,
        ),
      );
    expect(sent).toEqual([true, true, true, true, true, false, false, false, false]);
    await expect(f.engine.send(sms('+919912345678'), GRPC)).rejects.toMatchObject({
      details: { limit: 'global', kind: 'global' },
    });
    expect(await count(f.metrics.globalBudgetTrips)).toBe(1);
    expect(await count(f.metrics.refusals, { kind: 'global' })).toBe(5);
    expect(f.logs.filter((line) => line.includes('global send budget tripped'))).toHaveLength(1);
    // Global means global: the breaker stops every real send, whoever asks, until the minute ends.
    await expect(f.engine.send(sms('+919912345678'), fromIp('203.0.113.1'))).rejects.toMatchObject({
      details: { limit: 'global', kind: 'global' },
    });

    f.clock.now += 60_000;
    await expect(f.engine.send(sms('+919912345678'), GRPC)).resolves.toBeTruthy();
    for (const phone of numbers.slice(0, 5)) await f.engine.send(sms(phone), GRPC).catch(() => undefined);
    expect(await count(f.metrics.globalBudgetTrips)).toBe(2);
  });

  it('counts a WhatsApp→SMS fallback as the SMS send it is, and refuses it before the SMS provider', async () => {
    f = engineFixture({ settings: { maxSendsPerPrefixPerHour: 1 } });
    f.whatsapp.failWith = notWhatsAppUser();
    await expect(
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { kind: 'prefix' } });
    expect(f.sms.delivered).toHaveLength(0);
    const [row] = await auditOf({ outcome: 'refused' });
    expect(row).toMatchObject({ action: 'send', detail: 'prefix' });
    const attempts = await f.store.listSendAttempts(row?.requestId ?? '');
    expect(attempts.map((a) => [a.channel, a.status, a.errorCode])).toEqual([
      ['whatsapp', 'failed', '131026'],
      ['sms', 'refused', 'RATE_LIMITED'],
    ]);
    expect((await f.store.getRequest(row?.requestId ?? ''))?.state).toBe('failed');
    expect(await count(f.metrics.otpSends, { channel: 'sms', outcome: 'refused' })).toBe(1);
  });
});

describe('per number', () => {
  it('keys the cooldown on the channel actually used: a fallback takes the SMS cooldown', async () => {
    f = engineFixture();
    f.whatsapp.failWith = notWhatsAppUser();
    const first = await f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC);
    expect(first.channel).toBe('sms');
    f.clock.now += 1_000;
    await expect(f.engine.send(sms(), GRPC)).rejects.toMatchObject({
      details: { limit: 'cooldown', kind: 'cooldown', retry_after_seconds: 29 },
    });
    expect(f.sms.delivered).toHaveLength(1);
  });

  it('refuses a fallback inside the SMS cooldown: the user was just sent an SMS', async () => {
    f = engineFixture();
    await f.engine.send(sms(), GRPC);
    f.whatsapp.failWith = notWhatsAppUser();
    await expect(
      f.engine.send({ toPhone: PHONE, channel: 'whatsapp', allowFallback: true }, GRPC),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30, details: { kind: 'cooldown' } });
    expect(f.sms.delivered).toHaveLength(1);
  });

  it('a stranger’s five public sends leave a backend send to the same number working', async () => {
    f = engineFixture();
    for (let i = 0; i < 5; i += 1) {
      await f.engine.send(sms(), fromIp(`203.0.113.${i}`));
      f.clock.now += 31_000;
    }
    await expect(f.engine.send(sms(), fromIp('203.0.113.99'))).rejects.toMatchObject({
      details: { limit: 'phone', kind: 'phone' },
    });
    await expect(f.engine.send(sms(), BACKEND)).resolves.toMatchObject({ to: PHONE });
    f.clock.now += 31_000;
    await expect(f.engine.send(sms(), GRPC)).resolves.toMatchObject({ to: PHONE });
  });

  it('a public send does not start the cooldown of authenticated callers', async () => {
    f = engineFixture();
    await f.engine.send(sms(), fromIp('203.0.113.1'));
    await expect(f.engine.send(sms(), GRPC)).resolves.toBeTruthy();
    await expect(f.engine.send(sms(), fromIp('203.0.113.2'))).rejects.toMatchObject({
      details: { kind: 'cooldown' },
    });
  });

  it('one address may use only part of a number’s public window', async () => {
    f = engineFixture({ settings: { maxSendsPerIpAndPhonePerWindow: 3 } });
    for (let i = 0; i < 3; i += 1) {
      await f.engine.send(sms(), fromIp('203.0.113.7'));
      f.clock.now += 31_000;
    }
    await expect(f.engine.send(sms(), fromIp('203.0.113.7'))).rejects.toMatchObject({
      details: { limit: 'ip_phone', kind: 'phone' },
    });
    // The owner, from another address, still has the rest of the window.
    await expect(f.engine.send(sms(), fromIp('198.51.100.4'))).resolves.toBeTruthy();
  });

  it('mock sends skip the per-number limits and the money budgets, not the per-address ceiling', async () => {
    f = engineFixture({
      flags: { mock_otp_enabled: true },
      settings: { maxSendsPerMinute: 1, maxSendsPerPrefixPerHour: 1, maxSendsPerIpPerMinute: 6 },
    });
    for (let i = 0; i < 6; i += 1) {
      await expect(f.engine.send(sms(walk(i % 2)), fromIp('203.0.113.7'))).resolves.toMatchObject({
        mock: true,
      });
    }
    await expect(f.engine.send(sms(), fromIp('203.0.113.7'))).rejects.toMatchObject({
      details: { kind: 'ip' },
    });
  });
});

describe('per address', () => {
  it('counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4', async () => {
    f = engineFixture({ flags: { mock_otp_enabled: true }, settings: { maxSendsPerIpPerMinute: 2 } });
    const send = (ip: string) =>
      f.engine.send(sms(), fromIp(ip)).then(
        () => 'sent',
        (e) => e.details.kind,
      );
    expect(await send('2001:db8:1:2::1')).toBe('sent');
    expect(await send('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('sent');
    expect(await send('2001:0db8:0001:0002:0:0:0:9')).toBe('ip');
    expect(await send('2001:db8:1:3::1')).toBe('sent');
    expect(await send('::ffff:203.0.113.7')).toBe('sent');
    expect(await send('203.0.113.7')).toBe('sent');
    expect(await send('::ffff:cb00:7107')).toBe('ip');
  });
});

describe('verify failure budgets', () => {
  /** A public send to `phone` and its request id. */
  async function publicSend(phone: string, ip = '203.0.113.50') {
    return (await f.engine.send(sms(phone), fromIp(ip))).requestId;
  }

  it('stops a brute-force loop from one address across numbers, spending nothing once refused', async () => {
    f = engineFixture({ settings: { maxVerifyFailuresPerIpPerHour: 6 } });
    const guesses: string[] = [];
    let lastRequest = '';
    for (let n = 0; n < 4; n += 1) {
      const phone = `+9198${n}1234567`;
      lastRequest = await publicSend(phone);
      for (let i = 0; i < 3; i += 1) {
        guesses.push(
          await f.engine
            .verify({ toPhone: phone, code: '000000', requestId: lastRequest }, fromIp('192.0.2.66'))
            .then(
              (o) => o.result,
              (e) => `${e.code}:${e.details.kind}:${e.retryAfterSeconds}`,
            ),
        );
      }
    }
    expect(guesses).toEqual([
      ...Array(6).fill('invalid_code'),
      ...Array(6).fill('RATE_LIMITED:verify_failures:3600'),
    ]);
    // Refused tries spent none of the request's attempts, and the owner (another address) still verifies.
    expect((await f.engine.request(lastRequest)).attemptsLeft).toBe(5);
    const owner = await f.engine.verify(
      { toPhone: '+919831234567', code: f.sms.lastCode(), requestId: lastRequest },
      fromIp('198.51.100.1'),
    );
    expect(owner.verified).toBe(true);
    expect(await count(f.metrics.refusals, { kind: 'verify_failures' })).toBe(6);
  });

  it('limits wrong codes per phone per day, public and authenticated callers apart', async () => {
    f = engineFixture({ settings: { maxVerifyFailuresPerPhonePerDay: 3 } });
    const requestId = await publicSend(PHONE);
    for (let i = 0; i < 3; i += 1) {
      await f.engine.verify({ toPhone: PHONE, code: '000000', requestId }, fromIp(`192.0.2.${i}`));
    }
    await expect(
      f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode(), requestId }, fromIp('198.51.100.1')),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 'verify_failures_phone', kind: 'verify_failures' },
    });
    // A backend checking the same number is not locked out by strangers on the public route.
    await f.engine.send(sms(), GRPC);
    expect((await f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode() }, GRPC)).verified).toBe(true);
    f.clock.now += 86_400_000;
    const next = await publicSend(PHONE);
    await expect(
      f.engine.verify({ toPhone: PHONE, code: f.sms.lastCode(), requestId: next }, fromIp('198.51.100.1')),
    ).resolves.toMatchObject({ verified: true });
  });
});

describe('audit trail', () => {
  it('records a whole flow by request, with who asked, and no code and no full number', async () => {
    f = engineFixture();
    const requestId = (await f.engine.send(sms(PHONE, { purpose: 'login' }), fromIp('203.0.113.7')))
      .requestId;
    const code = f.sms.lastCode();
    await f.engine.verify(
      { toPhone: PHONE, code: code === '000000' ? '111111' : '000000', requestId },
      fromIp('203.0.113.7'),
    );
    await f.engine.verify({ toPhone: PHONE, code, requestId }, fromIp('203.0.113.7'));
    const rows = await auditOf({ requestId });
    expect(rows.map((r) => [r.action, r.outcome, r.channel, r.provider])).toEqual([
      ['verify', 'approved', null, null],
      ['verify', 'invalid_code', null, null],
      ['send', 'sent', 'sms', 'twilio'],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        callerKind: 'public',
        callerId: null,
        phoneMasked: '+91******3210',
        phoneHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        clientIpHash: expect.stringMatching(/^[0-9a-f]{32}$/),
        country: 'IN',
      });
    }
    const text = JSON.stringify(rows);
    expect(text).not.toContain(code);
    expect(text).not.toContain('9876543210');
    expect(text).not.toContain('203.0.113.7');

    await f.engine.send(sms('+919812345678'), GRPC);
    expect((await auditOf()).at(0)).toMatchObject({
      callerKind: 'grpc',
      callerId: 'svc-1',
      clientIpHash: null,
    });
    expect(await count(f.metrics.otpVerifications, { result: 'approved', country: 'IN' })).toBe(1);
  });

  it('records failed sends with their error code', async () => {
    f = engineFixture({ channels: { sms: null } });
    await expect(f.engine.send(sms(), GRPC)).rejects.toMatchObject({ code: 'CHANNEL_DISABLED' });
    expect(await auditOf()).toEqual([
      expect.objectContaining({
        action: 'send',
        outcome: 'failed',
        detail: 'CHANNEL_DISABLED',
        requestId: null,
      }),
    ]);
  });
});
