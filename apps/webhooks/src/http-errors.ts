import { isOtpError, OtpError } from '@agent-mitra/errors';
import type { Logger } from '@agent-mitra/observability';
import { sendError } from '@agent-mitra/http-kit';
import type { ErrorRequestHandler, RequestHandler } from 'express';

export const notFound: RequestHandler = (_req, res) => {
  sendError(res, new OtpError('NOT_FOUND'));
};

/**
 * A body parser's refusal: the client's fault, never a 5xx. body-parser marks its own refusals with a
 * `type` (`entity.too.large`, `encoding.unsupported`, …) and a 4xx `status`; a body whose
 * `Content-Encoding` (gzip, deflate, br) does not decompress arrives as the zlib error with `status` 400
 * and `expose: true` but no `type`. Either shape is a client error.
 */
export function bodyParserError(error: unknown): OtpError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof type !== 'string' && expose !== true) return null;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  return status === 413
    ? new OtpError('PAYLOAD_TOO_LARGE')
    : new OtpError('VALIDATION_ERROR', 'the request body could not be read');
}

/**
 * Last stop. 4xx were counted and logged where they were decided; anything else (the store failing) is
 * logged here and answered 5xx, so the provider delivers the receipt again later.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = isOtpError(error) ? error : bodyParserError(error);
    if (known === null || known.httpStatus >= 500) {
      logger.error({ err: error, path: req.path }, 'request failed; answering 5xx so the provider retries');
    }
    if (res.headersSent) return;
    sendError(res, known ?? new OtpError('INTERNAL'));
  };
}
