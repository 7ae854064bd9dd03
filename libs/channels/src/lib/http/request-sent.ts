import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';

/** Requests whose every byte Node handed to the operating system: the provider may have them. */
const sentRequests = new WeakSet<ClientRequest>();

/**
 * Watches one outgoing request and remembers it as sent on its `finish` event, which Node emits once
 * the last byte of the headers and body was handed to the operating system for transmission
 * (https://nodejs.org/api/http.html#event-finish). Before that, the provider cannot hold the whole
 * request: it was still waiting for a pooled socket, for DNS, for the TCP connect or the TLS handshake,
 * or half written.
 */
export function trackSent(request: ClientRequest): ClientRequest {
  request.once('finish', () => sentRequests.add(request));
  return request;
}

/**
 * True when a failed call's request had been sent whole before it failed, so the provider may have
 * taken it (a timeout while waiting for the answer, a reset or a hang-up after the request was written,
 * an answer cut short). Reads the `request` that axios puts on its errors (AxiosError, CanceledError).
 * False when the failure came earlier, or when the error carries no request.
 */
export function requestMayHaveArrived(thrown: unknown): boolean {
  const request =
    typeof thrown === 'object' && thrown !== null ? (thrown as { request?: unknown }).request : undefined;
  return request instanceof http.ClientRequest && sentRequests.has(request);
}

/**
 * axios's `transport` option (used instead of Node's http/https modules when set): Node's own request,
 * watched by `trackSent`. axios still passes our keep-alive agent as `options.agent`.
 */
export const trackingTransport = {
  request(options: RequestOptions, onResponse: (response: IncomingMessage) => void): ClientRequest {
    const module = options.protocol === 'https:' ? https : http;
    return trackSent(module.request(options, onResponse));
  },
};
