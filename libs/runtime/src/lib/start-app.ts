import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, configWarnings, type Config } from '@agent-mitra/config';
import { answerClientError } from './client-error';
import { createRuntime, type Runtime } from './create-runtime';
import { DutyRunner, type Duty } from './duties/duty-runner';
import { findProjectRoot } from './project-root';

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
  /** Background duties this app runs once it listens (only the otp-service has any, DESIGN §2). */
  duties?(runtime: Runtime): readonly Duty[];
}

export interface AppPaths {
  /** The working directory (the fallback root). */
  readonly cwd: string;
  /** The folder of the running main (`__dirname`): the project root is found above it. */
  readonly entryDir: string;
}

/**
 * Bounds on what a client may hold open (slow-loris): Node's defaults keep a half-sent request for a
 * minute (headers) to five minutes (body) and accept any number of connections.
 */
export interface HttpLimits {
  /** ms to receive the whole request line and headers (default 15 s). */
  readonly headersTimeoutMs: number;
  /** ms to receive the whole request, body included (default 30 s; at least headersTimeoutMs). */
  readonly requestTimeoutMs: number;
  /** ms an idle keep-alive connection stays open: above load balancers' idle timeouts (AWS ALB 60 s), default 65 s. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections per process; past it new ones are closed at once (default 10,000). */
  readonly maxConnections: number;
  /** How often Node checks the two timeouts above, in ms (default 5 s; Node's own is 30 s). */
  readonly checkIntervalMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 10_000,
  checkIntervalMs: 5_000,
};

/**
 * Serves an HTTP handler on host:port (0 = any free port) within {@link HttpLimits} (tests pass shorter
 * ones); requests Node cannot parse or that time out get the JSON envelope too (`answerClientError`);
 * close() lets in-flight requests finish.
 */
export function listenHttp(
  handler: RequestListener,
  port: number,
  host: string,
  limits: Partial<HttpLimits> = {},
): Promise<Listener> {
  const bounds = { ...DEFAULT_HTTP_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: bounds.headersTimeoutMs,
      requestTimeout: bounds.requestTimeoutMs,
      connectionsCheckingInterval: bounds.checkIntervalMs,
    },
    handler,
  );
  server.keepAliveTimeout = bounds.keepAliveTimeoutMs;
  server.maxConnections = bounds.maxConnections;
  server.on('clientError', answerClientError);
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
 * What every app's main.ts does once `loadAppConfig` accepted the configuration: build the runtime
 * (relative `sqlite:` paths from the project root), listen, log where and in which mode, start its
 * background duties, and stop cleanly on SIGTERM/SIGINT (duties stop, in-flight requests finish, then
 * the store closes).
 */
export async function startApp(
  definition: AppDefinition,
  config: Config,
  paths: AppPaths,
): Promise<StartedApp> {
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, {
      app: definition.name,
      root: findProjectRoot(paths.entryDir, paths.cwd),
    });
  } catch (error) {
    // A template that cannot be filled exactly is a configuration problem found while building.
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const { setting, message } of configWarnings(config)) {
    runtime.logger.warn({ setting }, `${setting}: ${message}`);
  }
  const listener = await definition.listen(runtime);
  const duties = new DutyRunner(definition.duties?.(runtime) ?? [], runtime.logger);
  duties.start();
  runtime.logger.info(
    {
      port: listener.port,
      host: config.host,
      mode: config.nodeEnv,
      mock_default: config.flags['mock_otp_enabled'] === true,
      store: runtime.store.kind,
    },
    'listening',
  );
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      runtime.logger.info('stopping');
      await duties.stop();
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

/**
 * The second half of every `main.ts`: start, and on a failure to start say why on stderr and exit 1 —
 * with the underlying reason when there is one (e.g. the database refused the password or could not be
 * reached; the store never puts its URL in an error).
 */
export function runApp(definition: AppDefinition, config: Config, paths: AppPaths): void {
  startApp(definition, config, paths).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    process.stderr.write(`${definition.name}: could not start: ${reason}${cause}
`);
    process.exit(1);
  });
}
