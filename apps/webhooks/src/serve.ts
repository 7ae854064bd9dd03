import type { Config } from '@agent-mitra/config';
import { listenHttp, runApp } from '@agent-mitra/runtime';
import { buildWebhooksApp } from './app';

/** Builds and serves the app with a configuration main.ts has already accepted. */
export function serve(config: Config, entryDir: string): void {
  runApp(
    {
      name: 'webhooks',
      listen: (runtime) =>
        listenHttp(buildWebhooksApp(runtime), runtime.config.ports.webhooks, runtime.config.host),
    },
    config,
    { cwd: process.cwd(), entryDir },
  );
}
