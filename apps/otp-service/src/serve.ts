import type { Config } from '@agent-mitra/config';
import { otpServiceDuties, runApp } from '@agent-mitra/runtime';
import { listenGrpc } from './server';

/** Builds and serves the gRPC service with a configuration main.ts has already accepted. */
export function serve(config: Config, entryDir: string): void {
  runApp(
    {
      name: 'otp-service',
      listen: (runtime) => listenGrpc(runtime, runtime.config.ports.grpc, runtime.config.host),
      duties: otpServiceDuties,
    },
    config,
    { cwd: process.cwd(), entryDir },
  );
}
