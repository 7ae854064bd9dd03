/**
 * The one place where every machine-readable error code is defined, with the gRPC status and the
 * HTTP status it maps to. Each edge (gRPC, REST, webhooks) has one small mapper that reads this table.
 */

/** gRPC status codes (the numbers are fixed by the gRPC spec; kept here so libs need no gRPC import). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export interface ErrorDefinition {
  readonly grpc: number;
  readonly http: number;
  /** Default human-readable message; never contains a code, token or secret. */
  readonly message: string;
}

export const ERROR_REGISTRY = {
  INVALID_PHONE: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    http: 400,
    message: 'to_phone must be a valid phone number in E.164 format, e.g. +919876543210',
  },
  INVALID_CHANNEL: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    http: 400,
    message: 'channel must be "sms" or "whatsapp"',
  },
  INVALID_OTP_FORMAT: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    http: 400,
    message: 'the code must be 4 to 10 digits',
  },
  VALIDATION_ERROR: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, message: 'the request is not valid' },
  OTP_INVALID: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, message: 'the code is not correct' },
  OTP_EXPIRED: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    http: 400,
    message: 'the code has expired; request a new one',
  },
  OTP_NOT_FOUND: {
    grpc: GrpcStatus.NOT_FOUND,
    http: 404,
    message: 'no pending code for this number; request a new one',
  },
  OTP_MAX_ATTEMPTS: {
    grpc: GrpcStatus.RESOURCE_EXHAUSTED,
    http: 429,
    message: 'too many wrong attempts for this code; retrying cannot help, request a new code',
  },
  UNAUTHENTICATED: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401, message: 'missing or invalid credentials' },
  FORBIDDEN: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, message: 'this request is not allowed' },
  NOT_FOUND: { grpc: GrpcStatus.NOT_FOUND, http: 404, message: 'not found' },
  IDEMPOTENCY_CONFLICT: {
    grpc: GrpcStatus.ALREADY_EXISTS,
    http: 409,
    message: 'this Idempotency-Key was already used with a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    grpc: GrpcStatus.ABORTED,
    http: 409,
    message: 'a request with this Idempotency-Key is still being processed; retry shortly',
  },
  PAYLOAD_TOO_LARGE: {
    grpc: GrpcStatus.INVALID_ARGUMENT,
    http: 413,
    message: 'the request body is too large',
  },
  RATE_LIMITED: { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 429, message: 'too many requests; retry later' },
  PROVIDER_REJECTED: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    http: 422,
    message: 'the provider refused to deliver to this number',
  },
  COUNTRY_NOT_ALLOWED: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    http: 422,
    message: 'codes are not sent to numbers of this country',
  },
  CHANNEL_DISABLED: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    http: 422,
    message: 'this channel is switched off or not configured; use another channel',
  },
  PROVIDER_UNAVAILABLE: {
    grpc: GrpcStatus.UNAVAILABLE,
    http: 503,
    message: 'the messaging provider is unavailable; retry later',
  },
  STORE_UNAVAILABLE: {
    grpc: GrpcStatus.UNAVAILABLE,
    http: 503,
    message: 'storage is unavailable; retry later',
  },
  INTERNAL: { grpc: GrpcStatus.INTERNAL, http: 500, message: 'internal error' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_REGISTRY;
