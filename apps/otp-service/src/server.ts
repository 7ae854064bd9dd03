import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { loadOtpPackageDefinition, loadOtpProto } from '@agent-mitra/contract';
import type { Listener, Runtime } from '@agent-mitra/runtime';
import { otpHandlers } from './otp-handlers';

export const OTP_SERVICE_NAME = 'agentmitra.otp.v1.OtpService';
const MAX_MESSAGE_BYTES = 64 * 1024;
const SHUTDOWN_GRACE_MS = 10_000;

/** The gRPC server: OtpService, grpc.health.v1.Health and server reflection. */
export function buildGrpcServer(runtime: Runtime): { server: Server; health: HealthImplementation } {
  const definition = loadOtpPackageDefinition();
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_permit_without_calls': 1,
  });
  server.addService(loadOtpProto(definition).agentmitra.otp.v1.OtpService.service, otpHandlers(runtime));
  const health = new HealthImplementation({ '': 'SERVING', [OTP_SERVICE_NAME]: 'SERVING' });
  health.addToServer(server);
  new ReflectionService(definition).addToServer(server);
  return { server, health };
}

/** Binds host:port (0 = any free port); close() reports NOT_SERVING, lets calls finish, then stops. */
export function listenGrpc(runtime: Runtime, port: number, host: string): Promise<Listener> {
  const { server, health } = buildGrpcServer(runtime);
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((done, fail) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, boundPort) => {
      if (error) return fail(error);
      done({
        port: boundPort,
        close: () =>
          new Promise<void>((closed) => {
            health.setStatus('', 'NOT_SERVING');
            health.setStatus(OTP_SERVICE_NAME, 'NOT_SERVING');
            const force = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS).unref();
            server.tryShutdown(() => {
              clearTimeout(force);
              closed();
            });
          }),
      });
    });
  });
}
