import { otpServiceDuties, runApp } from '@agent-mitra/runtime';
import { listenGrpc } from './server';

runApp(
  {
    name: 'otp-service',
    listen: (runtime) => listenGrpc(runtime, runtime.config.ports.grpc, runtime.config.host),
    duties: otpServiceDuties,
  },
  process.env,
  process.cwd(),
);
