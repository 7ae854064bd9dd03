import { runApp } from '@agent-mitra/runtime';
import { listenGrpc } from './server';

runApp(
  {
    name: 'otp-service',
    protocol: 'grpc',
    listen: (runtime) => listenGrpc(runtime, runtime.config.ports.grpc, runtime.config.host),
  },
  process.env,
  { cwd: process.cwd(), entryDir: __dirname },
);
