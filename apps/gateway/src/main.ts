import { listenHttp, startApp } from '@agent-mitra/runtime';
import { buildGatewayApp } from './app';

startApp(
  {
    name: 'gateway',
    listen: (runtime) =>
      listenHttp(buildGatewayApp(runtime), runtime.config.ports.gateway, runtime.config.host),
  },
  process.env,
  process.cwd(),
).catch((error: unknown) => {
  process.stderr.write(
    `gateway: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
