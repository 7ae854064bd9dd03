import { listenHttp, startApp } from '@agent-mitra/runtime';
import { buildWebhooksApp } from './app';

startApp(
  {
    name: 'webhooks',
    listen: (runtime) =>
      listenHttp(buildWebhooksApp(runtime), runtime.config.ports.webhooks, runtime.config.host),
  },
  process.env,
  process.cwd(),
).catch((error: unknown) => {
  process.stderr.write(
    `webhooks: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
