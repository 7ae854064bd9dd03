import { isOtpError, OtpError } from '@agent-mitra/errors';
import { createBaseApp, sendError } from '@agent-mitra/http-kit';
import { listenHttp, type Listener, type Runtime } from '@agent-mitra/runtime';
import type { Express } from 'express';

/**
 * The otp-service's HTTP side (GRPC_OPS_PORT): `/healthz`, `/readyz` and `/metrics`, as on the other two
 * apps, so Prometheus can scrape what the gRPC edge counts (sends, verifies, refusals, provider latency).
 * Production rules are the same: `/metrics` and the `/readyz` detail need an admin key.
 */
export function buildOpsApp(runtime: Runtime): Express {
  const app = createBaseApp(runtime);
  app.use((_req, res) => sendError(res, new OtpError('NOT_FOUND')));
  app.use((error: unknown, _req: unknown, res: Parameters<typeof sendError>[0], _next: unknown) => {
    if (!isOtpError(error)) runtime.logger.error({ err: error }, 'ops request failed');
    sendError(res, isOtpError(error) ? error : new OtpError('INTERNAL'));
  });
  return app;
}

/** Listens on host:port (0 = any free port) and logs `ops listening` with the bound `ops_port`. */
export async function listenOps(runtime: Runtime, port: number, host: string): Promise<Listener> {
  const listener = await listenHttp(buildOpsApp(runtime), port, host);
  runtime.logger.info({ ops_port: listener.port }, 'ops listening');
  return listener;
}
