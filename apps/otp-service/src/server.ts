import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { isLoopbackHost, type GrpcTls } from '@agent-mitra/config';
import { loadOtpPackageDefinition, loadOtpProto } from '@agent-mitra/contract';
import type { Listener, Runtime } from '@agent-mitra/runtime';
import { otpHandlers } from './otp-handlers';
import { DEFAULT_HEALTH_INTERVAL_MS, watchStoreHealth } from './store-health';
import { tolerantService } from './undecodable';

export const OTP_SERVICE_NAME = 'agentmitra.otp.v1.OtpService';
const HEALTH_SERVICES = ['', OTP_SERVICE_NAME] as const;
const MAX_MESSAGE_BYTES = 64 * 1024;
const SHUTDOWN_GRACE_MS = 10_000;

export interface GrpcListenOptions {
  /** How often the store is pinged for the health service (default 5 s). */
  readonly healthIntervalMs?: number;
}

/** The gRPC server: OtpService, grpc.health.v1.Health and server reflection. */
export function buildGrpcServer(runtime: Runtime): { server: Server; health: HealthImplementation } {
  const definition = loadOtpPackageDefinition();
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const service = loadOtpProto(definition).agentmitra.otp.v1.OtpService.service;
  server.addService(tolerantService(service), otpHandlers(runtime));
  const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((s) => [s, 'SERVING'])));
  health.addToServer(server);
  // Reflection describes every service served, so `grpcurl … grpc.health.v1.Health/Check` works too.
  const healthDefinition = loadSync(healthProtoPath, { keepCase: true });
  new ReflectionService({ ...definition, ...healthDefinition }).addToServer(server);
  return { server, health };
}

/**
 * TLS from GRPC_TLS_CERT_FILE/GRPC_TLS_KEY_FILE; with GRPC_TLS_CLIENT_CA_FILE clients must present a
 * certificate that CA signed (mTLS, checked by the TLS handshake). Cleartext otherwise — production
 * allows that only on a loopback HOST or with GRPC_ALLOW_INSECURE=true (config).
 */
export function serverCredentials(tls: GrpcTls | null): ServerCredentials {
  if (tls === null) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.clientCa === null ? null : Buffer.from(tls.clientCa),
    [{ private_key: Buffer.from(tls.privateKey), cert_chain: Buffer.from(tls.certChain) }],
    tls.clientCa !== null,
  );
}

/** Says how clients reach the server; cleartext off loopback (GRPC_ALLOW_INSECURE) is a warning. */
function logTransport(runtime: Runtime, host: string): void {
  const tls = runtime.config.grpc.tls;
  const mode = tls === null ? 'off' : tls.clientCa === null ? 'tls' : 'mtls';
  if (mode === 'off' && !isLoopbackHost(host)) {
    runtime.logger.warn(
      { tls: mode, host },
      'gRPC in clear on a non-loopback address: only safe when a mesh terminates TLS (GRPC_ALLOW_INSECURE)',
    );
  } else runtime.logger.info({ tls: mode }, 'grpc transport');
}

/** Binds host:port (0 = any free port); close() reports NOT_SERVING, lets calls finish, then stops. */
export function listenGrpc(
  runtime: Runtime,
  port: number,
  host: string,
  options: GrpcListenOptions = {},
): Promise<Listener> {
  const { server, health } = buildGrpcServer(runtime);
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((done, fail) => {
    server.bindAsync(address, serverCredentials(runtime.config.grpc.tls), (error, boundPort) => {
      if (error) return fail(error);
      const stopWatching = watchStoreHealth(
        runtime,
        health,
        HEALTH_SERVICES,
        options.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS,
      );
      logTransport(runtime, host);
      done({
        port: boundPort,
        close: () =>
          new Promise<void>((closed) => {
            stopWatching();
            for (const service of HEALTH_SERVICES) health.setStatus(service, 'NOT_SERVING');
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
