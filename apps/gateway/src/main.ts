import { listenHttp, runApp } from '@agent-mitra/runtime';
import { buildGatewayApp } from './app';

runApp(
  {
    name: 'gateway',
    protocol: 'http',
    listen: (runtime) =>
      listenHttp(buildGatewayApp(runtime), runtime.config.ports.gateway, runtime.config.host),
  },
  process.env,
  { cwd: process.cwd(), entryDir: __dirname },
);
