// Property-based fuzzing of the gRPC methods (fast-check): hostile field values through the real client
// (huge strings, control and bidi characters, unknown enum numbers, hostile idempotency keys), and raw
// bytes that are no protobuf message at all. For each call: a status (no dropped call), never a server
// error (INTERNAL, UNKNOWN, UNAVAILABLE, DATA_LOSS…), the machine-readable `error-code` trailer of the
// registry on every error, and nothing stored. Bounded: FUZZ_RUNS runs per property, one server.
import {
  credentials,
  makeGenericClientConstructor,
  Metadata,
  status,
  type Client,
  type ServiceError,
} from '@grpc/grpc-js';
import fc from 'fast-check';
import { loadOtpProto, type OtpServiceClient } from '@agent-mitra/contract';
import { ERROR_REGISTRY } from '@agent-mitra/errors';
import type { Listener } from '@agent-mitra/runtime';
import {
  hostileString,
  safeText,
  startTestRuntime,
  storedRows,
  type TestRuntime,
} from '@agent-mitra/testing';
import { listenGrpc, OTP_SERVICE_NAME } from './server';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const PROPERTY = { numRuns: FUZZ_RUNS, endOnFailure: true } as const;
const METHODS = ['SendOtp', 'VerifyOtp', 'GetDeliveryStatus'] as const;
/** Statuses that would mean the server, not the request, failed. */
const SERVER_FAULTS = [
  status.INTERNAL,
  status.UNKNOWN,
  status.UNAVAILABLE,
  status.DATA_LOSS,
  status.UNIMPLEMENTED,
  status.DEADLINE_EXCEEDED,
];

let t: TestRuntime;
let server: Listener;
let typed: OtpServiceClient;
let raw: Client & Record<string, (bytes: Buffer, done: (error: ServiceError | null) => void) => void>;

beforeAll(async () => {
  t = await startTestRuntime('otp-service');
  server = await listenGrpc(t.runtime, 0, '127.0.0.1', { healthIntervalMs: 60_000 });
  const address = `127.0.0.1:${server.port}`;
  typed = new (loadOtpProto().agentmitra.otp.v1.OtpService)(address, credentials.createInsecure());
  const identity = (bytes: Buffer) => bytes;
  const Raw = makeGenericClientConstructor(
    Object.fromEntries(
      METHODS.map((method) => [
        method,
        {
          path: `/${OTP_SERVICE_NAME}/${method}`,
          requestStream: false,
          responseStream: false,
          requestSerialize: identity,
          requestDeserialize: identity,
          responseSerialize: identity,
          responseDeserialize: identity,
        },
      ]),
    ),
    'RawOtpService',
  );
  raw = new Raw(address, credentials.createInsecure()) as typeof raw;
});
afterAll(async () => {
  typed?.close();
  raw?.close();
  await server?.close();
  await t?.close();
});

/**
 * The error of a call that must fail as the client's fault: a client status with the registry's
 * `error-code` trailer — or, for a message over the server's 64 KB limit, grpc-js's own
 * RESOURCE_EXHAUSTED, sent before any handler runs (so without the trailer).
 */
function expectClientError(error: ServiceError | null): void {
  expect(error).not.toBeNull();
  expect(SERVER_FAULTS).not.toContain(error?.code);
  const tooLarge = error?.code === status.RESOURCE_EXHAUSTED && /larger than max/.test(error.details);
  if (!tooLarge) expect(Object.keys(ERROR_REGISTRY)).toContain(error?.metadata.get('error-code')[0]);
}

type Unary = (request: object, metadata: Metadata, done: (error: ServiceError | null) => void) => void;
function callTyped(method: (typeof METHODS)[number], request: object, metadata = new Metadata()) {
  return new Promise<ServiceError | null>((done) =>
    (typed[method] as Unary).call(typed, request, metadata, (error) => done(error)),
  );
}

/** Strings protobuf can carry (UTF-8: lone surrogates become U+FFFD). */
const text = hostileString.map(safeText);
const channel = fc.oneof(
  fc.constantFrom('CHANNEL_SMS', 'CHANNEL_WHATSAPP', 'CHANNEL_UNSPECIFIED'),
  fc.integer({ min: -3, max: 1_000 }),
);

it('refuses hostile fields in every method with a client status and the error-code trailer', async () => {
  const request = fc.oneof(
    fc.record({
      method: fc.constant('SendOtp' as const),
      body: fc.record(
        { to_phone: text, channel, otp: text, purpose: text, locale: text, allow_fallback: fc.boolean() },
        { requiredKeys: ['to_phone'] },
      ),
    }),
    fc.record({
      method: fc.constant('VerifyOtp' as const),
      body: fc.record({ to_phone: text, code: text, request_id: text }, { requiredKeys: ['to_phone'] }),
    }),
    fc.record({
      method: fc.constant('GetDeliveryStatus' as const),
      body: fc.record({ message_id: text, request_id: text }),
    }),
  );
  const idempotencyKey = fc.option(
    fc.string({ maxLength: 300 }).map((key) => key.replace(/[^\x20-\x7e]/g, '?')),
  );
  await fc.assert(
    fc.asyncProperty(request, idempotencyKey, async ({ method, body }, key) => {
      const metadata = new Metadata();
      if (key !== null) metadata.set('idempotency-key', key);
      const error = await callTyped(method, body, metadata);
      if (method === 'GetDeliveryStatus' && error?.code === status.NOT_FOUND) return;
      expectClientError(error);
    }),
    PROPERTY,
  );
});

it('refuses bytes that are no protobuf message of the method with INVALID_ARGUMENT', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...METHODS),
      fc.uint8Array({ maxLength: 512 }),
      async (method, bytes) => {
        const error = await new Promise<ServiceError | null>((done) =>
          raw[method]?.call(raw, Buffer.from(bytes), (e: ServiceError | null) => done(e)),
        );
        if (method === 'GetDeliveryStatus' && error?.code === status.NOT_FOUND) return;
        expectClientError(error);
      },
    ),
    PROPERTY,
  );
  // A message that is not protobuf at all: a wire type 7 tag.
  const error = await new Promise<ServiceError | null>((done) =>
    raw['SendOtp']?.call(raw, Buffer.from([0x0f, 0xff, 0xff]), (e: ServiceError | null) => done(e)),
  );
  expect({ code: error?.code, errorCode: error?.metadata.get('error-code')[0] }).toEqual({
    code: status.INVALID_ARGUMENT,
    errorCode: 'VALIDATION_ERROR',
  });
});

it('stored nothing, and logged no server error', () => {
  expect(storedRows(`${t.dir}/otp.sqlite`)).toEqual({
    otp_requests: 0,
    send_attempts: 0,
    deliveries: 0,
    delivery_events: 0,
    rate_counters: 0,
    idempotency_keys: 0,
    audit_log: 0,
  });
  expect(t.logs.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
});
