import { startApp } from '@agent-mitra/runtime';
import { listenGrpc } from './server';

startApp(
  {
    name: 'otp-service',
    listen: (runtime) => listenGrpc(runtime, runtime.config.ports.grpc, runtime.config.host),
  },
  process.env,
  process.cwd(),
).catch((error: unknown) => {
  process.stderr.write(
    `otp-service: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
