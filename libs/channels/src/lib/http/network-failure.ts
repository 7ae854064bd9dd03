import { CONNECT_TIMEOUT_CODE } from './keep-alive-agents';

/** How a request failed below HTTP: all three are worth retrying. */
export type NetworkFailure = 'timeout' | 'connect' | 'reset';

/** Reads the error code Node and axios put on a failed request; null when it is no network failure. */
export function networkFailure(thrown: unknown): NetworkFailure | null {
  const code =
    typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ERR_CANCELED': // our total-timeout signal fired
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      return 'timeout';
    case CONNECT_TIMEOUT_CODE:
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'connect';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    default:
      return null;
  }
}
