import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';

/** Error code of a connection (TCP, then TLS) not established within the connect timeout. */
export const CONNECT_TIMEOUT_CODE = 'ECONNECTTIMEOUT';
/** Idle keep-alive sockets are closed after this long, before the providers drop them on their side. */
const IDLE_SOCKET_MS = 30_000;

type ConnectCallback = (error: Error | null, stream: Duplex) => void;

/** Destroys a new socket that is not connected (and, for TLS, through the handshake) in time. */
function guardConnect<T extends Duplex | null | undefined>(socket: T, timeoutMs: number): T {
  if (!(socket instanceof Socket)) return socket;
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`not connected within ${timeoutMs} ms`), {
      code: CONNECT_TIMEOUT_CODE,
    });
    socket.destroy(error);
  }, timeoutMs);
  timer.unref();
  const clear = () => clearTimeout(timer);
  socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', clear);
  socket.once('close', clear);
  return socket;
}

class ConnectTimeoutHttpAgent extends http.Agent {
  constructor(
    options: http.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback) {
    return guardConnect(super.createConnection(options, callback), this.connectTimeoutMs);
  }
}

class ConnectTimeoutHttpsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback) {
    return guardConnect(super.createConnection(options, callback), this.connectTimeoutMs);
  }
}

export interface KeepAliveAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
  /** Closes every pooled socket; the agents must not be used afterwards. */
  destroy(): void;
}

/**
 * One keep-alive pool per provider, shared by every send: at most `maxSockets` requests in flight per
 * origin (the rest wait in the agent's queue), and a connect timeout separate from the request's.
 */
export function createKeepAliveAgents(options: {
  connectTimeoutMs: number;
  maxSockets: number;
}): KeepAliveAgents {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, timeout: IDLE_SOCKET_MS };
  const httpAgent = new ConnectTimeoutHttpAgent(agentOptions, options.connectTimeoutMs);
  const httpsAgent = new ConnectTimeoutHttpsAgent(agentOptions, options.connectTimeoutMs);
  return {
    http: httpAgent,
    https: httpsAgent,
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
