import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, readDotEnvFile } from '@agent-mitra/config';
import { createRuntime, type Runtime } from './create-runtime';

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

export interface StartedApp {
  readonly runtime: Runtime;
  readonly listener: Listener;
  stop(): Promise<void>;
}

export interface AppDefinition {
  readonly name: string;
  listen(runtime: Runtime): Promise<Listener>;
}

/** Serves an HTTP handler on host:port (0 = any free port); close() lets in-flight requests finish. */
export function listenHttp(handler: RequestListener, port: number, host: string): Promise<Listener> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/**
 * What every app's main.ts does: read `.env` and the environment once, build the runtime, listen,
 * log where, and stop cleanly on SIGTERM/SIGINT (in-flight requests finish, then the store closes).
 */
export async function startApp(
  definition: AppDefinition,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<StartedApp> {
  let config;
  try {
    config = loadConfig({ ...readDotEnvFile(resolve(cwd, '.env')), ...env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, { app: definition.name });
  } catch (error) {
    // A template that cannot be filled exactly is a configuration problem found while building.
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const listener = await definition.listen(runtime);
  runtime.logger.info(
    {
      port: listener.port,
      host: config.host,
      mock_default: config.flags['mock_otp_enabled'] === true,
      store: runtime.store.kind,
    },
    'listening',
  );
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      runtime.logger.info('stopping');
      await listener.close();
      await runtime.close();
      runtime.logger.info('stopped');
      await new Promise<void>((flushed) => runtime.logger.flush(() => flushed()));
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          runtime.logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
  return { runtime, listener, stop };
}

/** `main.ts` of every app: start, and on a failure to start say why on stderr and exit 1. */
export function runApp(definition: AppDefinition, env: NodeJS.ProcessEnv, cwd: string): void {
  startApp(definition, env, cwd).catch((error: unknown) => {
    process.stderr.write(
      `${definition.name}: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
