import { createHash, timingSafeEqual } from 'node:crypto';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { OtpError, toOtpError } from '@agent-mitra/errors';
import type { Runtime } from '@agent-mitra/runtime';
import { toGrpcError } from './grpc-errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `authorization: Bearer <token>` against GRPC_AUTH_TOKENS; open when none are set (development only). */
function authorize(call: ServerUnaryCall<unknown, unknown>, tokens: readonly Buffer[]): void {
  if (tokens.length === 0) return;
  const header = call.metadata.get('authorization')[0];
  const token = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header)?.[1] : undefined;
  const given = token ? digest(token.trim()) : null;
  const ok =
    given !== null && tokens.reduce((found, expected) => timingSafeEqual(expected, given) || found, false);
  if (!ok) throw new OtpError('UNAUTHENTICATED');
}

/**
 * Wraps a handler: authentication, timing into `grpc_request_duration_seconds`, and every failure
 * mapped through the error registry (unknown failures logged, answered INTERNAL without their text).
 */
export function unary<Req, Res>(
  runtime: Runtime,
  method: string,
  handle: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>,
) {
  const tokens = runtime.config.auth.grpcAuthTokens.map(digest);
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const end = runtime.metrics.grpcRequests.startTimer({ method });
    Promise.resolve()
      .then(() => {
        authorize(call as ServerUnaryCall<unknown, unknown>, tokens);
        return handle(call.request, call);
      })
      .then(
        (response) => {
          end({ code: 'OK' });
          callback(null, response);
        },
        (error: unknown) => {
          const mapped = toOtpError(error);
          if (mapped.httpStatus >= 500)
            runtime.logger.error({ err: error, method, code: mapped.code }, 'grpc call failed');
          end({ code: mapped.code });
          callback(toGrpcError(mapped));
        },
      );
  };
}
