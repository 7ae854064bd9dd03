// Property-based fuzzing of the webhook routes (Meta, Twilio, MSG91) with fast-check: any JSON or form
// shape, signed or not, documented payloads with one field confused, hostile handshake queries. For each
// generated call: an answer (no dropped connection), never a 5xx, the error envelope on every 4xx, and
// nothing stored by a refused call. Bounded: FUZZ_RUNS runs per property, one server for the file.
import fc from 'fast-check';
import { ERROR_REGISTRY } from '@agent-mitra/errors';
import { hostileQuery, hostileString, hostileValue, safeText, storedRows } from '@agent-mitra/testing';
import { metaStatus, metaWebhook, signMeta, signTwilio, twilioCallback } from './testing/fixtures';
import { WebhooksUnderTest } from './testing/harness';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const PROPERTY = { numRuns: FUZZ_RUNS, endOnFailure: true } as const;
const MSG91_SECRET = 'test-msg91-webhook-secret-77c1a0';

let server: WebhooksUnderTest;
beforeAll(async () => {
  server = await WebhooksUnderTest.start({ MSG91_WEBHOOK_SECRET: MSG91_SECRET });
});
afterAll(() => server?.close());

interface Answer {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends one call and checks the answer: never a 5xx; a 4xx is the envelope with a registry code and
 * changed nothing in the store. A dropped connection rejects and fails the property.
 */
async function check(path: string, init: RequestInit): Promise<Answer> {
  const before = storedRows(server.file);
  const res = await fetch(`${server.baseUrl}${path}`, init);
  const answer = { status: res.status, text: await res.text() };
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400) {
    const json = JSON.parse(answer.text) as { success: boolean; error: { code: string; message: string } };
    expect(json.success).toBe(false);
    expect(Object.keys(ERROR_REGISTRY)).toContain(json.error.code);
    expect(typeof json.error.message).toBe('string');
    expect(storedRows(server.file)).toEqual(before);
  }
  return answer;
}

const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

/** Printable ASCII only: fetch itself refuses other header values. */
const headerGarbage = fc.string({ maxLength: 80 }).map((text) => text.replace(/[^\x21-\x7e]/g, 'x'));

/** The documented Meta payload with the value at one path replaced by a hostile one. */
const STATUS = ['entry', 0, 'changes', 0, 'value', 'statuses', 0] as const;
const META_PATHS: readonly (readonly (string | number)[])[] = [
  ['object'],
  ['entry'],
  ['entry', 0],
  ['entry', 0, 'changes'],
  ['entry', 0, 'changes', 0, 'field'],
  ['entry', 0, 'changes', 0, 'value'],
  ['entry', 0, 'changes', 0, 'value', 'statuses'],
  STATUS,
  [...STATUS, 'id'],
  [...STATUS, 'status'],
  [...STATUS, 'timestamp'],
  [...STATUS, 'recipient_id'],
  [...STATUS, 'errors'],
  [...STATUS, 'conversation'],
];
function confused(path: readonly (string | number)[], value: unknown): string {
  const payload = metaWebhook([metaStatus('wamid.FUZZ', 'delivered', 1_750_000_000)]) as unknown;
  let node = payload as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
  return JSON.stringify(payload);
}

it('Meta: any body, signed or not, and the documented payload with any field confused', async () => {
  const body = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.tuple(fc.constantFrom(...META_PATHS), hostileValue).map(([path, value]) => confused(path, value)),
  );
  const signature = fc.oneof(
    fc.constant('valid'),
    fc.constant('none'),
    headerGarbage.map((text) => `sha256=${text}`),
  );
  await fc.assert(
    fc.asyncProperty(body, signature, async (text, how) => {
      const headers: Record<string, string> =
        how === 'none' ? {} : { 'x-hub-signature-256': how === 'valid' ? signMeta(text) : how };
      const answer = await check('/webhooks/whatsapp', json(text, headers));
      if (how !== 'valid') expect(answer.status).toBe(401);
    }),
    PROPERTY,
  );
});

it('Meta: the subscription handshake with hostile and repeated query keys', async () => {
  await fc.assert(
    fc.asyncProperty(hostileQuery(['hub.mode', 'hub.verify_token', 'hub.challenge']), async (query) => {
      const answer = await check(`/webhooks/whatsapp?${query}`, { method: 'GET' });
      // 403: not the verify token; 400: a query past Node's header limit, refused before the app.
      expect([400, 403]).toContain(answer.status);
    }),
    PROPERTY,
  );
});

it('Twilio: any form fields, signed for the URL or not', async () => {
  const fields = fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'MessageSid',
            'MessageStatus',
            'ErrorCode',
            'To',
            'AccountSid',
            '__proto__',
            'constructor',
          ),
          fc.string({ maxLength: 10 }),
        ),
        hostileString.map((text) => safeText(text).slice(0, 2_000)),
      ),
      { maxLength: 8 },
    )
    .map((pairs) => Object.fromEntries([...Object.entries(twilioCallback('SMfuzz', 'delivered')), ...pairs]));
  await fc.assert(
    fc.asyncProperty(fields, fc.boolean(), async (params, signed) => {
      const url = `${server.baseUrl}/webhooks/twilio/status`;
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (signed) headers['x-twilio-signature'] = signTwilio(url, params);
      const answer = await check('/webhooks/twilio/status', {
        method: 'POST',
        headers,
        body: new URLSearchParams(params).toString(),
      });
      if (!signed) expect(answer.status).toBe(403);
    }),
    PROPERTY,
  );
});

it('MSG91: any JSON or form body, with the secret or a wrong one', async () => {
  const body = fc.oneof(
    fc.jsonValue().map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
    hostileQuery(['data', 'requestId', 'status', 'number', 'desc']).map((text) => ({
      type: 'application/x-www-form-urlencoded',
      text,
    })),
    fc.record({ requestId: hostileValue, status: hostileValue, number: hostileValue }).map((value) => ({
      type: 'application/json',
      text: JSON.stringify(value),
    })),
  );
  const secret = fc.oneof(fc.constant(MSG91_SECRET), headerGarbage);
  await fc.assert(
    fc.asyncProperty(body, secret, async ({ type, text }, given) => {
      const path = `/webhooks/msg91/status?secret=${encodeURIComponent(given)}`;
      const answer = await check(path, { method: 'POST', headers: { 'content-type': type }, body: text });
      if (given !== MSG91_SECRET) expect(answer.status).toBe(403);
    }),
    PROPERTY,
  );
});

it('logged no server error', () => {
  expect(
    server
      .logs()
      .split('\n')
      .filter((line) => line.includes('"level":"error"')),
  ).toEqual([]);
});
