import { CONNECT_TIMEOUT_CODE } from './keep-alive-agents';
import { requestMayHaveArrived } from './request-sent';

/**
 * How a request failed below HTTP:
 * - `connect`: no connection (refused, unreachable, DNS, our connect timeout): nothing was sent.
 * - `timeout`, `reset`: the total timeout fired or the connection broke before the whole request was
 *   sent (waiting for a pooled socket, in the TLS handshake, half written): the provider cannot hold it.
 * - `after_send`: any failure once the whole request was sent (a timeout waiting for the answer, a
 *   reset, a hang-up, an answer cut short): the provider may have taken it.
 */
export type NetworkFailure = 'timeout' | 'connect' | 'reset' | 'after_send';

/**
 * Classifies a thrown request failure by the error code Node and axios put on it, and by whether the
 * request had been sent whole (`requestMayHaveArrived`); null when it is no network failure.
 * Node's codes: https://nodejs.org/api/errors.html#common-system-errors.
 */
export function networkFailure(thrown: unknown): NetworkFailure | null {
  const code =
    typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  switch (code) {
    case CONNECT_TIMEOUT_CODE:
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'connect';
    case 'ERR_CANCELED': // our total-timeout signal fired
    case 'ECONNABORTED': // axios's own timeout
    case 'ETIMEDOUT':
      return requestMayHaveArrived(thrown) ? 'after_send' : 'timeout';
    case 'ECONNRESET': // also Node's "socket hang up": closed before an answer
    case 'EPIPE':
      return requestMayHaveArrived(thrown) ? 'after_send' : 'reset';
    default:
      return requestMayHaveArrived(thrown) ? 'after_send' : null;
  }
}
