import { join } from 'node:path';
import type { Config } from '@agent-mitra/config';
import { listenHttp, runApp } from '@agent-mitra/runtime';
import { buildGatewayApp } from './app';

/** Builds and serves the app with a configuration main.ts has already accepted. */
export function serve(config: Config, entryDir: string): void {
  runApp(
    {
      name: 'gateway',
      listen: (runtime) =>
        listenHttp(
          buildGatewayApp(runtime, { opsAssetsDir: join(entryDir, 'ops') }),
          runtime.config.ports.gateway,
          runtime.config.host,
        ),
    },
    config,
    { cwd: process.cwd(), entryDir },
  );
}
