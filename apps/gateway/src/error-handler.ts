import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isOtpError, OtpError } from '@agent-mitra/errors';
import type { Logger } from '@agent-mitra/observability';
import { sendError } from '@agent-mitra/http-kit';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Any unknown path or method: the same envelope as every other answer. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new OtpError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
};

/** The REST edge's one error mapper: registry code → HTTP status and envelope; never a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const parserError = error as BodyParserError;
    let mapped: OtpError;
    if (isOtpError(error)) mapped = error;
    else if (parserError.type === 'entity.too.large') mapped = new OtpError('PAYLOAD_TOO_LARGE');
    else if (parserError.type === 'entity.parse.failed') {
      mapped = new OtpError('VALIDATION_ERROR', 'the body is not valid JSON');
    } else if (parserError.status !== undefined && parserError.status >= 400 && parserError.status < 500) {
      mapped = new OtpError('VALIDATION_ERROR', 'the request could not be read');
    } else mapped = new OtpError('INTERNAL');
    if (mapped.httpStatus >= 500) {
      logger.error(
        { err: error, route: req.route?.path, method: req.method, code: mapped.code },
        'request failed',
      );
    }
    sendError(res, mapped);
  };
}
