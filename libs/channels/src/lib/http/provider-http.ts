import axios, { type AxiosInstance } from 'axios';
import { createKeepAliveAgents } from './keep-alive-agents';
import { trackingTransport } from './request-sent';

const MAX_RESPONSE_BYTES = 1_000_000;

export interface ProviderHttpOptions {
  readonly connectTimeoutMs: number;
  /** Total time of one request, from queueing for a socket to the last byte of the answer. */
  readonly timeoutMs: number;
  readonly maxConcurrency: number;
}

export interface ProviderHttp {
  /** Answers every status (the caller decides); never follows redirects nor reads proxy variables. */
  readonly client: AxiosInstance;
  close(): void;
}

/**
 * An axios instance on keep-alive agents, with a connect timeout and a total timeout per request. Every
 * request is watched (`trackingTransport`) so that a failure can tell whether the provider may have
 * received it (`requestMayHaveArrived`).
 */
export function createProviderHttp(options: ProviderHttpOptions): ProviderHttp {
  const agents = createKeepAliveAgents({
    connectTimeoutMs: options.connectTimeoutMs,
    maxSockets: options.maxConcurrency,
  });
  const client = axios.create({
    httpAgent: agents.http,
    httpsAgent: agents.https,
    proxy: false,
    transport: trackingTransport,
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    validateStatus: () => true,
  });
  client.interceptors.request.use((config) => {
    config.signal ??= AbortSignal.timeout(options.timeoutMs);
    return config;
  });
  return { client, close: () => agents.destroy() };
}

/** A provider answered an HTTP error: its status, its own error body, and how long it asked us to wait. */
export class ProviderHttpError extends Error {
  override readonly name = 'ProviderHttpError';

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
