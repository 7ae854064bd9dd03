import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { startApps, type RunningApps } from './processes';
import { curl } from './raw-http';

// Two gateway processes, each started as `npm run start:gateway` would, on one SQLite file, in real mode
// against the fake providers: the abuse budgets live in the store, so they hold across both processes.
const ADMIN_KEY = 'admin-key-0123456789abcdef0123456789ab';
let dir: string;
let fakes: FakeProviders | undefined;
const gateways: RunningApps[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otp-e2e-abuse-'));
  fakes = await createFakeProviders();
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'otp.sqlite')}`,
    PIONEER_FLAG_MOCK_OTP_ENABLED: 'false',
    TWILIO_ACCOUNT_SID: fakes.twilio.accountSid,
    TWILIO_AUTH_TOKEN: fakes.twilio.authToken,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_URL: fakes.twilioUrl,
    PROVIDER_RETRY_BUDGET_MS: '0',
    TRUST_PROXY: '1',
    OTP_MAX_SENDS_PER_PREFIX_PER_HOUR: '3',
    // 2 backend sends of the verify test, then 5 for the pumping loop.
    OTP_MAX_SENDS_PER_MINUTE: '7',
    OTP_MAX_VERIFY_FAILURES_PER_IP_PER_HOUR: '3',
    ADMIN_API_KEYS: ADMIN_KEY,
  };
  // One after the other: each start rebuilds dist/ before it starts its app.
  gateways.push(await startApps(env, ['gateway']));
  gateways.push(await startApps(env, ['gateway']));
}, 120_000);

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await fakes?.close();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reads arbitrary JSON answers
const port = (i: number) => gateways[i % 2]?.ports['gateway'] ?? 0;
async function post(i: number, path: string, body: object, ip: string) {
  const res = await curl(port(i), 'POST', path, JSON.stringify(body), {
    'Content-Type': 'application/json',
    'X-Forwarded-For': ip,
  });
  return { status: res.status, retryAfter: res.headers['retry-after'], json: JSON.parse(res.body) as Json };
}
const metric = async (i: number, pattern: RegExp) => {
  const text = (await curl(port(i), 'GET', '/metrics')).body;
  return Number(pattern.exec(text)?.[1] ?? 0);
};

// The verify test runs first: the pumping test trips the global budget, which then holds every real
// send (backends' included) until the minute ends.
describe('two gateway processes on one SQLite file', () => {
  it('share the verify failure budget: a brute-force loop alternating between them is stopped, and both see it in the audit trail', async () => {
    const answers: number[] = [];
    const phones = ['+919845000001', '+919845000002'];
    for (const [n, phone] of phones.entries()) {
      // Backends (their own budgets) send; the attacker guesses on the public route from one address.
      const sent = await curl(
        port(n),
        'POST',
        '/api/v1/external/sms/otp',
        JSON.stringify({ to_phone: phone }),
        {
          'Content-Type': 'application/json',
        },
      );
      const requestId = (JSON.parse(sent.body) as Json)['data'].request_id as string;
      for (let i = 0; i < 3; i += 1) {
        const guess = { to_phone: phone, code: '000000', request_id: requestId };
        answers.push((await post(i, '/api/v1/otp/verify', guess, '192.0.2.66')).status);
      }
    }
    expect(answers).toEqual([400, 400, 400, 429, 429, 429]);

    const page = await curl(port(1), 'GET', '/api/v1/admin/audit?action=verify&limit=10', undefined, {
      'X-API-Key': ADMIN_KEY,
    });
    const rows = (JSON.parse(page.body) as Json)['data'].entries as Json[];
    expect(rows.map((row) => `${row.outcome}:${row.detail ?? ''}`)).toEqual([
      'refused:verify_failures',
      'refused:verify_failures',
      'refused:verify_failures',
      'invalid_code:',
      'invalid_code:',
      'invalid_code:',
    ]);
    expect(new Set(rows.map((row) => row.client_ip_hash)).size).toBe(1);
    expect(page.body).not.toContain('192.0.2.66');
    expect(page.body).not.toContain('9845000001');
  });

  it('share the prefix and global budgets: a pumping loop alternating between them stops at the same counts', async () => {
    const before = fakes?.messages.length ?? 0;
    const outcomes: string[] = [];
    for (let n = 0; n < 9; n += 1) {
      const block = Math.floor(n / 4);
      const phone = `+9198123${block}0${String(n).padStart(3, '0')}`;
      const res = await post(n, '/api/v1/otp/send', { to_phone: phone, channel: 'sms' }, `203.0.113.${n}`);
      outcomes.push(res.status === 200 ? 'sent' : `${res.status}:${res.json['error'].details.kind}`);
      if (res.status === 429) expect(Number(res.retryAfter)).toBeGreaterThan(0);
    }
    expect(outcomes).toEqual([
      'sent',
      'sent',
      'sent',
      '429:prefix',
      'sent',
      'sent',
      '429:global',
      '429:global',
      '429:global',
    ]);
    expect((fakes?.messages.length ?? 0) - before).toBe(5);
    // The trip of the global circuit breaker is decided in the store: counted once across both processes.
    const trips = /otp_global_budget_trips_total\{app="gateway"\} (\d+)/;
    expect((await metric(0, trips)) + (await metric(1, trips))).toBe(1);
    const logged = gateways
      .flatMap((gateway) => gateway.lines)
      .filter((line) => line.includes('global send budget tripped'));
    expect(logged).toHaveLength(1);
    const refusals = /otp_refusals_total\{kind="global",app="gateway"\} (\d+)/;
    expect((await metric(0, refusals)) + (await metric(1, refusals))).toBe(3);
  });
});
