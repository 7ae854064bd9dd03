import autocannon from 'autocannon';
import type { LoadResult } from './summary';

/** One JSON POST, built fresh for every request (a new phone, a new message id, a new signature…). */
export interface HttpRequest {
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpLoad {
  readonly path: string;
  next(): HttpRequest;
  /** Called with the body of each 2xx answer; set only when needed (reading bodies costs CPU here). */
  readonly onAnswer?: (body: string) => void;
}

export interface HttpRunOptions {
  readonly origin: string;
  readonly connections: number;
  /** Run for this long… */
  readonly seconds?: number;
  /** …or until this many requests were answered (autocannon's `amount`, which wins over seconds). */
  readonly amount?: number;
}

/**
 * Drives one HTTP server with autocannon: `connections` keep-alive connections, one request in flight on
 * each, for `seconds` (or `amount` requests), no pipelining, a 10 s timeout per request.
 */
export async function runHttp(load: HttpLoad, options: HttpRunOptions): Promise<LoadResult> {
  const onAnswer = load.onAnswer;
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    requests: [
      {
        method: 'POST',
        path: load.path,
        setupRequest: (request) => {
          const next = load.next();
          return {
            ...request,
            body: next.body,
            headers: { 'content-type': 'application/json', ...next.headers },
          };
        },
        ...(onAnswer
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 200 && status < 300) onAnswer(body);
              },
            }
          : {}),
      },
    ],
  });
  const errorKinds: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2') && stats.count) errorKinds[status] = stats.count;
  }
  if (result.timeouts > 0) errorKinds['timeout'] = result.timeouts;
  if (result.errors > result.timeouts) errorKinds['socket'] = result.errors - result.timeouts;
  return {
    ok: result['2xx'],
    errorKinds,
    // autocannon's `errors` already includes its timeouts.
    errors: result.non2xx + result.errors,
    sent: result.requests.sent,
    durationSeconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
