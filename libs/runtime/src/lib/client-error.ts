import type { Duplex } from 'node:stream';
import { ERROR_REGISTRY } from '@agent-mitra/errors';

const CODE = 'VALIDATION_ERROR';

/**
 * Requests Node's HTTP parser refuses (broken framing, a request line or headers over its 16 KB limit)
 * never reach Express; by default Node answers them with a bare 400 or 431. This answers them like every
 * other refusal — `400 VALIDATION_ERROR` in the JSON envelope of DESIGN §4 — and closes the connection
 * (its framing can no longer be trusted). A socket that is already gone is only destroyed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'the request line or headers are too large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'the request was not received in time'
        : 'the request could not be read as HTTP';
  const body = JSON.stringify({ success: false, error: { code: CODE, message, details: {} }, message });
  const status = ERROR_REGISTRY[CODE].http;
  socket.end(
    `HTTP/1.1 ${status} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
