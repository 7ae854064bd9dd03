import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { OtpError, toOtpError } from '@agent-mitra/errors';
import { keyMatcher } from '@agent-mitra/privacy';
import type { Caller } from '@agent-mitra/otp-engine';
import type { Runtime } from '@agent-mitra/runtime';
import { toGrpcError } from './grpc-errors';
import { assertDecodable } from './undecodable';

/**
 * `authorization: Bearer <token>` against GRPC_AUTH_TOKENS: the caller is `{kind: 'grpc', id}` with the
 * token's non-secret id. Open when none are set (development only: production requires them), id null.
 */
function authorize(
  call: ServerUnaryCall<unknown, unknown>,
  open: boolean,
  match: (given: string | undefined) => string | null,
): Caller {
  if (open) return { kind: 'grpc', id: null };
  const header = call.metadata.get('authorization')[0];
  const token = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined;
  const id = match(token);
  if (id === null) throw new OtpError('UNAUTHENTICATED');
  return { kind: 'grpc', id };
}

/**
 * Wraps a handler: authentication, timing into `grpc_request_duration_seconds`, and every failure
 * mapped through the error registry (unknown failures logged, answered INTERNAL without their text).
 */
export function unary<Req, Res>(
  runtime: Runtime,
  method: string,
  handle: (request: Req, call: ServerUnaryCall<Req, Res>, caller: Caller) => Promise<Res>,
) {
  const tokens = runtime.config.auth.grpcAuthTokens;
  const match = keyMatcher(tokens);
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const end = runtime.metrics.grpcRequests.startTimer({ method });
    Promise.resolve()
      .then(() => {
        const caller = authorize(call as ServerUnaryCall<unknown, unknown>, tokens.length === 0, match);
        assertDecodable(call.request);
        return handle(call.request, call, caller);
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
