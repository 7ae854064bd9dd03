import { ERROR_REGISTRY, type ErrorCode } from './registry';

export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

/** The only error type the engine and adapters throw on purpose. Edges map it through the registry. */
export class OtpError extends Error {
  override readonly name = 'OtpError';
  readonly grpcStatus: number;
  readonly httpStatus: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_REGISTRY[code].message,
    readonly details: ErrorDetails = {},
    /** Seconds to wait before retrying (RATE_LIMITED). Never for OTP_MAX_ATTEMPTS: waiting cannot help. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.grpcStatus = ERROR_REGISTRY[code].grpc;
    this.httpStatus = ERROR_REGISTRY[code].http;
  }
}

export function isOtpError(value: unknown): value is OtpError {
  return value instanceof OtpError;
}

/** Anything that is not an OtpError becomes INTERNAL with the registry's generic message (no stack, no text). */
export function toOtpError(value: unknown): OtpError {
  return isOtpError(value) ? value : new OtpError('INTERNAL');
}
