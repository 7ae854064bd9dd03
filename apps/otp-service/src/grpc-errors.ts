import { Metadata, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { toOtpError } from '@agent-mitra/errors';

/**
 * The gRPC edge's one error mapper: registry code → status, with the machine-readable code in the
 * `error-code` trailer, `retry-after` (seconds) when known, and the details as JSON in `error-details`.
 */
export function toGrpcError(error: unknown): Partial<StatusObject> & ServiceError {
  const mapped = toOtpError(error);
  const metadata = new Metadata();
  metadata.set('error-code', mapped.code);
  if (mapped.retryAfterSeconds !== undefined) metadata.set('retry-after', String(mapped.retryAfterSeconds));
  if (Object.keys(mapped.details).length > 0) metadata.set('error-details', JSON.stringify(mapped.details));
  return Object.assign(new Error(mapped.message), {
    code: mapped.grpcStatus,
    details: mapped.message,
    metadata,
  });
}
