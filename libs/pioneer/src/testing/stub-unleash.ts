import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeatureToggle } from '../lib/unleash-bootstrap';

type Answer = (response: ServerResponse) => void;

/**
 * A stand-in for Unleash at the network edge (tests only): answers `GET /api/client/features` with the
 * toggles it is given or a status, or holds the next request until the test releases it. Metrics and
 * registration calls get 202. Listens on port 0.
 */
export interface StubUnleash {
  readonly url: string;
  /** The Authorization header of every toggles request so far. */
  readonly authorizations: readonly (string | undefined)[];
  serve(features: readonly FeatureToggle[]): void;
  fail(status: number): void;
  /** Holds the next toggles request; resolves, once it arrived, with a function that answers it. */
  holdNext(): Promise<(status: number) => void>;
  close(): Promise<void>;
}

export async function startStubUnleash(): Promise<StubUnleash> {
  const authorizations: (string | undefined)[] = [];
  let answer: Answer = json(200, { version: 2, features: [] });
  let held: ((request: IncomingMessage, response: ServerResponse) => void) | null = null;
  const server = createServer((request, response) => {
    request.resume();
    if (!request.url?.startsWith('/api/client/features')) return void response.writeHead(202).end();
    authorizations.push(request.headers.authorization);
    if (held) {
      const take = held;
      held = null;
      return take(request, response);
    }
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    authorizations,
    serve: (features) => (answer = json(200, { version: 2, features })),
    fail: (status) => (answer = json(status, { error: 'stub' })),
    holdNext: () =>
      new Promise((resolve) => {
        held = (_request, response) =>
          resolve((status) => json(status, { version: 2, features: [] })(response));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(status: number, body: unknown): Answer {
  return (response) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
