import type { Response } from 'express';
import type { OtpError } from '@agent-mitra/errors';

/**
 * The error envelope of DESIGN §4 with the registry's HTTP status:
 * `{"success": false, "error": {code, message, details}, "message": …}`, plus `Retry-After` (seconds)
 * when the error carries one. Never a stack.
 */
export function sendError(res: Response, error: OtpError): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.httpStatus).json({
    success: false,
    error: { code: error.code, message: error.message, details: error.details },
    message: error.message,
  });
}
