import { credentials, Metadata, status } from '@grpc/grpc-js';
import { build as buildHistogram } from 'hdr-histogram-js';
import { loadOtpProto, type OtpServiceClient, type pb } from '@agent-mitra/contract';
import type { LoadResult } from './summary';

const CALL_DEADLINE_MS = 10_000;

export interface GrpcLoad {
  /** The next SendOtp request (a new phone each). */
  next(): pb.SendOtpRequest;
}

export interface GrpcTarget {
  readonly client: OtpServiceClient;
  close(): void;
}

/** A grpc-js client of OtpService on `127.0.0.1:port`: one channel (one HTTP/2 connection), like a service would keep. */
export function grpcTarget(port: number): GrpcTarget {
  const Service = loadOtpProto().agentmitra.otp.v1.OtpService;
  const client = new Service(`127.0.0.1:${port}`, credentials.createInsecure(), {
    // Its own connection, not one shared with another client of the same address (baseline vs app).
    'grpc.use_local_subchannel_pool': 1,
  });
  return { client, close: () => client.close() };
}

/** Resolves with null on success, else the gRPC status name (`DEADLINE_EXCEEDED`, `UNAVAILABLE`…). */
function sendOnce(client: OtpServiceClient, request: pb.SendOtpRequest): Promise<string | null> {
  return new Promise((done) => {
    client.SendOtp(request, new Metadata(), { deadline: Date.now() + CALL_DEADLINE_MS }, (error) =>
      done(error ? (status[error.code] ?? String(error.code)) : null),
    );
  });
}

/**
 * The gRPC counterpart of autocannon: `concurrency` loops, each keeping one unary SendOtp in flight on
 * the same channel, for `seconds`. Latency is recorded in microseconds in an HDR histogram (the library
 * autocannon uses) and reported in milliseconds.
 */
export async function runGrpc(
  target: GrpcTarget,
  load: GrpcLoad,
  options: { readonly concurrency: number; readonly seconds: number },
): Promise<LoadResult> {
  const histogram = buildHistogram({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  let ok = 0;
  const errorKinds: Record<string, number> = {};
  let sent = 0;
  const started = process.hrtime.bigint();
  const end = Date.now() + options.seconds * 1000;
  const loop = async () => {
    while (Date.now() < end) {
      const callStarted = process.hrtime.bigint();
      sent += 1;
      const failure = await sendOnce(target.client, load.next());
      histogram.recordValue(Number((process.hrtime.bigint() - callStarted) / 1000n));
      if (failure === null) ok += 1;
      else errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: LoadResult = {
    ok,
    errors: Object.values(errorKinds).reduce((total, count) => total + count, 0),
    errorKinds,
    sent,
    durationSeconds,
    p50Ms: histogram.getValueAtPercentile(50) / 1000,
    p99Ms: histogram.getValueAtPercentile(99) / 1000,
  };
  histogram.destroy();
  return result;
}
