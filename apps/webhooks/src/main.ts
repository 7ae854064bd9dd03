import { listenHttp, runApp } from '@agent-mitra/runtime';
import { buildWebhooksApp } from './app';

runApp(
  {
    name: 'webhooks',
    protocol: 'http',
    listen: (runtime) =>
      listenHttp(buildWebhooksApp(runtime), runtime.config.ports.webhooks, runtime.config.host),
  },
  process.env,
  { cwd: process.cwd(), entryDir: __dirname },
);
