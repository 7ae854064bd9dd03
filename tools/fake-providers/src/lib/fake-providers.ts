import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGraph, type GraphSettings } from './graph-api';
import { readBody, routeOf } from './routing';
import { answerTwilio, type TwilioCredentials } from './twilio-api';
import { FailureScript } from './failure-script';
import type { FakeReceipts, ReceiptOptions } from './receipt-options';
import { ReceiptSender } from './receipts';
import type { FakeMessage, FakeProviderName, FakeRequest, IncomingCall, ScriptedFailure } from './types';

export const DEFAULT_TWILIO: TwilioCredentials = {
  accountSid: `AC${'0123456789abcdef'.repeat(2)}`,
  authToken: 'fake-twilio-auth-token',
};
export const DEFAULT_WHATSAPP: GraphSettings = {
  accessToken: 'fake-whatsapp-access-token',
  phoneNumberId: '106540352242922',
  templates: null,
};

export interface FakeProvidersOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly twilio?: Partial<TwilioCredentials>;
  readonly whatsapp?: Partial<GraphSettings>;
  /** The Graph API version in graphUrl (default v18.0, as WHATSAPP_API_URL's default). */
  readonly graphVersion?: string;
  /** Milliseconds to wait before every answer, so that a client's timeout can be tested. */
  readonly latencyMs?: number;
  /** Called with each message accepted: the CLI prints it, as the developer's phone. */
  readonly onMessage?: (message: FakeMessage) => void;
  /** Signed status webhooks posted after each accepted message (none unless configured). */
  readonly receipts?: ReceiptOptions;
}

export interface FakeProviders {
  /** Twilio's API origin (TWILIO_API_URL). */
  readonly twilioUrl: string;
  /** The Graph API base with its version (WHATSAPP_API_URL). */
  readonly graphUrl: string;
  readonly twilio: TwilioCredentials;
  readonly whatsapp: GraphSettings;
  /** Messages accepted, in order. */
  readonly messages: readonly FakeMessage[];
  /** Every request answered (accepted or refused), in order. */
  readonly requests: readonly FakeRequest[];
  requestsTo(provider: FakeProviderName): FakeRequest[];
  /** Answers the next request(s) to that provider with this failure instead. */
  failNext(failure: ScriptedFailure): void;
  /** The status webhooks posted (see `receipts` in the options). */
  readonly receipts: FakeReceipts;
  setLatency(milliseconds: number): void;
  /** Forgets messages, requests, scripted failures and receipts (scheduled ones are cancelled). */
  reset(): void;
  close(): Promise<void>;
}

/** One HTTP server that fakes Twilio's Messages API and the Graph messages endpoint. */
export async function createFakeProviders(options: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const twilio = { ...DEFAULT_TWILIO, ...options.twilio };
  const whatsapp = { ...DEFAULT_WHATSAPP, ...options.whatsapp };
  const messages: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  const failures = new FailureScript();
  const timers = new Set<NodeJS.Timeout>();
  let latencyMs = options.latencyMs ?? 0;
  const receipts = new ReceiptSender(options.receipts ?? {}, twilio, whatsapp);

  const record = (message: FakeMessage) => {
    messages.push(message);
    options.onMessage?.(message);
    receipts.schedule(message);
  };
  const wait = (ms: number) =>
    new Promise<void>((done) => {
      if (ms <= 0) return done();
      const timer = setTimeout(() => {
        timers.delete(timer);
        done();
      }, ms);
      timers.add(timer);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const provider = routeOf(req.method ?? '', path);
    if (!provider || body === null) {
      res
        .writeHead(body === null ? 413 : 404, { 'content-type': 'application/json' })
        .end('{"message":"not found"}');
      return;
    }
    const call: IncomingCall = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body,
      remotePort: req.socket.remotePort ?? 0,
    };
    const answer =
      failures.take(provider) ??
      (provider === 'twilio' ? answerTwilio(call, twilio, record) : answerGraph(call, whatsapp, record));
    await wait(latencyMs);
    requests.push({
      provider,
      method: call.method,
      path,
      status: 'reset' in answer ? 0 : answer.status,
      remotePort: call.remotePort,
    });
    if ('reset' in answer) {
      req.socket.destroy();
      return;
    }
    res
      .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      .end(JSON.stringify(answer.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => listening());
  });
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    twilioUrl: origin,
    graphUrl: `${origin}/${options.graphVersion ?? 'v18.0'}`,
    twilio,
    whatsapp,
    messages,
    requests,
    requestsTo: (provider) => requests.filter((request) => request.provider === provider),
    failNext: (failure) => failures.push(failure),
    receipts,
    setLatency: (milliseconds) => {
      latencyMs = milliseconds;
    },
    reset: () => {
      messages.length = 0;
      requests.length = 0;
      failures.clear();
      receipts.stop(true);
    },
    close: async () => {
      receipts.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}
