import type { Config } from '@agent-mitra/config';
import { otpServiceDuties, runApp, type Listener, type Runtime } from '@agent-mitra/runtime';
import { listenOps } from './ops';
import { listenGrpc } from './server';

/** gRPC on GRPC_PORT and `/healthz`, `/readyz`, `/metrics` on GRPC_OPS_PORT; closing stops both. */
async function listen(runtime: Runtime): Promise<Listener> {
  const { host, ports } = runtime.config;
  const grpc = await listenGrpc(runtime, ports.grpc, host);
  let ops: Listener;
  try {
    ops = await listenOps(runtime, ports.grpcOps, host);
  } catch (error) {
    await grpc.close();
    throw error;
  }
  return {
    port: grpc.port,
    close: async () => {
      await Promise.all([grpc.close(), ops.close()]);
    },
  };
}

/** Builds and serves the gRPC service with a configuration main.ts has already accepted. */
export function serve(config: Config, entryDir: string): void {
  runApp({ name: 'otp-service', listen, duties: otpServiceDuties }, config, { cwd: process.cwd(), entryDir });
}
