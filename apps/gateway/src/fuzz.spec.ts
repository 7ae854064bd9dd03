// Property-based fuzzing of every REST route (fast-check): any JSON shape, type confusion, huge strings,
// control and bidirectional characters, prototype-pollution keys and repeated query keys. For each
// generated request: an answer (no dropped connection), never a 5xx, the error envelope with a code of
// the registry on every 4xx — and, after all of them, nothing stored. Bounded: a fixed number of runs per
// property (FUZZ_RUNS), one server for the file.
import fc from 'fast-check';
import { ERROR_REGISTRY } from '@agent-mitra/errors';
import { listenHttp, type Listener } from '@agent-mitra/runtime';
import {
  hostileObjectText,
  hostileQuery,
  hostileString,
  safeText,
  startTestRuntime,
  storedRows,
  type TestRuntime,
} from '@agent-mitra/testing';
import { buildGatewayApp } from './app';
import { errorEnvelope } from './schemas';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const PROPERTY = { numRuns: FUZZ_RUNS, endOnFailure: true } as const;

let t: TestRuntime;
let server: Listener;
let base: string;

beforeAll(async () => {
  t = await startTestRuntime('gateway');
  server = await listenHttp(buildGatewayApp(t.runtime), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** One request; a dropped connection rejects (and fails the property). */
async function ask(method: string, path: string, body?: string, type = 'application/json'): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** A refusal as DESIGN §4 wants it: 4xx, the envelope, a code of the registry. */
function expectRefusal(answer: Answer): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  const json = JSON.parse(answer.text) as unknown;
  expect(errorEnvelope.safeParse(json).success).toBe(true);
  expect(Object.keys(ERROR_REGISTRY)).toContain((json as { error: { code: string } }).error.code);
}

const SEND_ROUTES = ['/api/v1/otp/send', '/api/v1/external/sms/otp', '/api/v1/external/whatsapp/otp'];
const POST_ROUTES = [...SEND_ROUTES, '/api/v1/otp/verify'];
const FIELDS: Record<string, readonly [string, ...string[]]> = {
  '/api/v1/otp/send': ['to_phone', 'channel', 'purpose', 'locale', 'allow_fallback'],
  '/api/v1/external/sms/otp': ['to_phone', 'otp', 'purpose', 'locale', 'allow_fallback'],
  '/api/v1/external/whatsapp/otp': ['to_phone', 'otp', 'purpose', 'locale', 'allow_fallback'],
  '/api/v1/otp/verify': ['to_phone', 'code', 'request_id'],
};

it('refuses any JSON value, and any text, on every POST route', async () => {
  const body = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...POST_ROUTES),
      body,
      fc.constantFrom('application/json', 'text/plain'),
      async (route, text, type) => {
        expectRefusal(await ask('POST', route, text, type));
      },
    ),
    PROPERTY,
  );
});

it('refuses type confusion, huge strings, control and bidi characters and prototype keys in every field', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc
        .constantFrom(...POST_ROUTES)
        .chain((route) => fc.tuple(fc.constant(route), hostileObjectText(FIELDS[route] ?? ['to_phone']))),
      async ([route, text]) => {
        expectRefusal(await ask('POST', route, text));
      },
    ),
    PROPERTY,
  );
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

it('refuses hostile and repeated query keys on the query-string route', async () => {
  await fc.assert(
    fc.asyncProperty(
      hostileQuery(['to_phone', 'otp', 'purpose', 'locale', 'allow_fallback']),
      async (query) => {
        expectRefusal(await ask('POST', `/api/v1/external/whatsapp/otp?${query}`));
      },
    ),
    PROPERTY,
  );
});

it('answers hostile ids and admin queries without a 5xx', async () => {
  const id = hostileString.map((text) => encodeURIComponent(safeText(text)).slice(0, 3_000));
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        id.map((value) => `/api/v1/otp/requests/${value}`),
        id.map((value) => `/api/v1/external/messages/${value}/status`),
        hostileQuery(['from', 'to', 'phone', 'request_id', 'outcome', 'action', 'limit', 'cursor']).map(
          (query) => `/api/v1/admin/audit?${query}`,
        ),
      ),
      async (path) => {
        const answer = await ask('GET', path);
        if (answer.status !== 200) expectRefusal(answer);
        else expect(path).toMatch(/^\/api\/v1\/admin\/audit/);
      },
    ),
    PROPERTY,
  );
});

it('answers a request line or headers over Node’s limit with the envelope too', async () => {
  expectRefusal(await ask('POST', `/api/v1/external/sms/otp?to_phone=${'9'.repeat(20_000)}`));
  expectRefusal(await ask('GET', `/api/v1/otp/requests/${'x'.repeat(40_000)}`));
});

it('stored nothing', () => {
  expect(storedRows(`${t.dir}/otp.sqlite`)).toEqual({
    otp_requests: 0,
    send_attempts: 0,
    deliveries: 0,
    delivery_events: 0,
    rate_counters: 0,
    idempotency_keys: 0,
    audit_log: 0,
  });
  // No request was a server error: nothing was logged at error level.
  expect(t.logs.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
});
