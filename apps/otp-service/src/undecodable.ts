import type { ServiceDefinition } from '@grpc/grpc-js';
import { OtpError } from '@agent-mitra/errors';

/** What a request that is not a valid protobuf message of its type is replaced by. */
const UNDECODABLE: unique symbol = Symbol('undecodable request');

/**
 * The service with request deserializers that never throw. grpc-js answers a message its deserializer
 * refuses with INTERNAL ("Error deserializing request") — a server error for the client's bad bytes.
 * Here such a request reaches the handler as a marker instead, and `assertDecodable` turns it into
 * INVALID_ARGUMENT (VALIDATION_ERROR) like every other bad input (DESIGN §3).
 */
export function tolerantService(service: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(service).map(([name, method]) => [
      name,
      {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            return method.requestDeserialize(bytes) as unknown;
          } catch {
            return { [UNDECODABLE]: true };
          }
        },
      },
    ]),
  ) as ServiceDefinition;
}

/** Throws VALIDATION_ERROR for a request `tolerantService` could not decode. */
export function assertDecodable(request: unknown): void {
  if (typeof request === 'object' && request !== null && UNDECODABLE in request) {
    throw new OtpError('VALIDATION_ERROR', 'the request is not a valid protobuf message of its type');
  }
}
