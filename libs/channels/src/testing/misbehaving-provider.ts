// A provider endpoint that fails on purpose at a chosen moment of the exchange, on loopback, so the
// channels can be tested against real sockets: it takes the whole request and then stalls, resets,
// hangs up or cuts its answer short, or it accepts TCP and never completes a TLS handshake.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type Misbehaviour =
  /** Reads the whole request, never answers. */
  | 'stall'
  /** Reads the whole request, then resets the connection (TCP RST). */
  | 'reset'
  /** Reads the whole request, then closes the connection without a word (FIN). */
  | 'hang-up'
  /** Reads the whole request, answers 201 headers and half a body, then closes. */
  | 'cut-answer'
  /** Accepts TCP and never speaks (a TLS handshake that never completes). */
  | 'silent-tcp';

export interface MisbehavingProvider {
  readonly origin: string;
  /** Whole requests received (the provider could have acted on each). */
  readonly requests: number;
  /** TCP connections accepted. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startMisbehavingProvider(behaviour: Misbehaviour): Promise<MisbehavingProvider> {
  const sockets = new Set<Socket>();
  let requests = 0;
  let connections = 0;
  const server: Server | HttpServer =
    behaviour === 'silent-tcp'
      ? createTcpServer(() => undefined)
      : createHttpServer((req, res) => {
          req.resume();
          req.on('end', () => {
            requests += 1;
            if (behaviour === 'reset') req.socket.resetAndDestroy();
            else if (behaviour === 'hang-up') req.socket.destroy();
            else if (behaviour === 'cut-answer') {
              res.writeHead(201, { 'content-type': 'application/json', 'content-length': '500' });
              res.write('{"sid": "SM', () => req.socket.destroy());
            }
          });
        });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${behaviour === 'silent-tcp' ? 'https' : 'http'}://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
