import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_REGISTRY, GrpcStatus, OtpError, toOtpError } from '../index';

describe('error registry', () => {
  it('maps every code to a real HTTP error status and a non-OK gRPC status', () => {
    for (const [code, def] of Object.entries(ERROR_REGISTRY)) {
      expect({ code, http: def.http >= 400 && def.http < 600 }).toEqual({ code, http: true });
      expect({
        code,
        grpc: Object.values(GrpcStatus).includes(def.grpc as never) && (def.grpc as number) !== 0,
      }).toEqual({
        code,
        grpc: true,
      });
      expect(def.message.length).toBeGreaterThan(0);
    }
  });

  it('keeps the statuses DESIGN §3/§4 fixes', () => {
    expect(ERROR_REGISTRY.RATE_LIMITED).toMatchObject({ http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED });
    expect(ERROR_REGISTRY.PROVIDER_REJECTED).toMatchObject({
      http: 422,
      grpc: GrpcStatus.FAILED_PRECONDITION,
    });
    expect(ERROR_REGISTRY.PROVIDER_UNAVAILABLE).toMatchObject({ http: 503, grpc: GrpcStatus.UNAVAILABLE });
    expect(ERROR_REGISTRY.CHANNEL_DISABLED).toMatchObject({
      http: 422,
      grpc: GrpcStatus.FAILED_PRECONDITION,
    });
    expect(ERROR_REGISTRY.COUNTRY_NOT_ALLOWED).toMatchObject({
      http: 422,
      grpc: GrpcStatus.FAILED_PRECONDITION,
    });
    expect(ERROR_REGISTRY.OTP_MAX_ATTEMPTS.message).toContain('new code');
    expect(ERROR_REGISTRY.INVALID_PHONE).toMatchObject({ http: 400, grpc: GrpcStatus.INVALID_ARGUMENT });
    expect(ERROR_REGISTRY.OTP_NOT_FOUND.http).toBe(404);
    expect(ERROR_REGISTRY.OTP_MAX_ATTEMPTS.http).toBe(429);
    expect(ERROR_REGISTRY.PAYLOAD_TOO_LARGE.http).toBe(413);
    expect(ERROR_REGISTRY.FORBIDDEN).toMatchObject({ http: 403, grpc: GrpcStatus.PERMISSION_DENIED });
    expect(ERROR_REGISTRY.INTERNAL.http).toBe(500);
  });

  it('turns unknown failures into INTERNAL without their text', () => {
    const err = toOtpError(new Error('connection string postgres://user:secret@db'));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).not.toContain('secret');
    const known = new OtpError('RATE_LIMITED', undefined, {}, 12);
    expect(toOtpError(known)).toBe(known);
    expect(known.httpStatus).toBe(429);
    expect(known.retryAfterSeconds).toBe(12);
  });
});

describe('README', () => {
  it('documents every code with its HTTP and gRPC status', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const grpcName = (n: number) => Object.entries(GrpcStatus).find(([, v]) => v === n)?.[0];
    const expected = Object.entries(ERROR_REGISTRY).map(([code, def]) => [
      `\`${code}\``,
      String(def.http),
      grpcName(def.grpc),
      def.message,
    ]);
    expect(rows).toEqual(expected);
  });
});
