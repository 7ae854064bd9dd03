import type { Request } from 'express';
import type { z } from 'zod';
import { OtpError, type ErrorCode } from '@agent-mitra/errors';

const FIELD_CODES: Record<string, ErrorCode> = {
  to_phone: 'INVALID_PHONE',
  channel: 'INVALID_CHANNEL',
  otp: 'INVALID_OTP_FORMAT',
  code: 'INVALID_OTP_FORMAT',
};

/** Parses input with a request schema; the first problem becomes the error code of its field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A strict schema's unknown key has no path: its name is in `keys`.
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = unknownKey ?? (typeof issue?.path[0] === 'string' ? issue.path[0] : '');
  // Own keys only: a field named `constructor` or `toString` must not find Object.prototype's.
  const code = (Object.hasOwn(FIELD_CODES, field) ? FIELD_CODES[field] : undefined) ?? 'VALIDATION_ERROR';
  const problem = unknownKey === undefined ? (issue?.message ?? 'invalid') : 'is not a known field';
  const message = code === 'VALIDATION_ERROR' && field ? `${field}: ${problem}` : undefined;
  throw new OtpError(code, message, field ? { field } : {});
}

/** The JSON body as an object: absent is `{}`, anything else than a JSON object is refused. */
export function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody) throw new OtpError('VALIDATION_ERROR', 'send a JSON body (Content-Type: application/json)');
    return {};
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OtpError('VALIDATION_ERROR', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
