import type { Response } from 'express';
import type { OtpError } from '@agent-mitra/errors';

/** `{"success": true, "data": …, "message": …}` (DESIGN §4). */
export function sendOk(res: Response, data: object, message: string): void {
  res.status(200).json({ success: true, data, message });
}

/** `{"success": false, "error": {code, message, details}, "message": …}` with the registry's HTTP status. */
export function sendError(res: Response, error: OtpError): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.httpStatus).json({
    success: false,
    error: { code: error.code, message: error.message, details: error.details },
    message: error.message,
  });
}
