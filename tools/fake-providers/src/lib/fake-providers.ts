import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerGraph, type GraphSettings } from './graph-api';
import {
  GraphTemplatesFake,
  type FakeTemplateCall,
  type FakeWhatsAppTemplate,
  type GraphTemplateSettings,
} from './graph-templates';
import { answerMsg91, type Msg91Settings } from './msg91-api';
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
export const DEFAULT_MSG91: Msg91Settings = { authKey: 'fake-msg91-auth-key', templates: null };
export const DEFAULT_WHATSAPP_TEMPLATES: Omit<GraphTemplateSettings, 'accessToken'> = {
  businessAccountId: '102290129340398',
  reviewStatus: 'APPROVED',
};

export interface FakeProvidersOptions {
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly twilio?: Partial<TwilioCredentials>;
  readonly whatsapp?: Partial<GraphSettings>;
  readonly msg91?: Partial<Msg91Settings>;
  /** The WhatsApp Business Account of the message-template endpoints, and the review they answer. */
  readonly whatsappTemplates?: Partial<Omit<GraphTemplateSettings, 'accessToken'>>;
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
  /** MSG91's host root (MSG91_API_URL) is the same origin as twilioUrl. */
  readonly msg91Url: string;
  readonly msg91: Msg91Settings;
  readonly whatsappTemplates: Omit<GraphTemplateSettings, 'accessToken'>;
  /** AUTHENTICATION templates created on the fake WABA, and every call to the template endpoints. */
  readonly templates: readonly FakeWhatsAppTemplate[];
  readonly templateCalls: readonly FakeTemplateCall[];
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

/** One HTTP server that fakes Twilio's Messages API, MSG91's flow API and the Graph messages and template endpoints. */
export async function createFakeProviders(options: FakeProvidersOptions = {}): Promise<FakeProviders> {
  const twilio = { ...DEFAULT_TWILIO, ...options.twilio };
  const whatsapp = { ...DEFAULT_WHATSAPP, ...options.whatsapp };
  const msg91 = { ...DEFAULT_MSG91, ...options.msg91 };
  const whatsappTemplates = { ...DEFAULT_WHATSAPP_TEMPLATES, ...options.whatsappTemplates };
  const graphTemplates = new GraphTemplatesFake({ ...whatsappTemplates, accessToken: whatsapp.accessToken });
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

  const answerFor = (provider: FakeProviderName, call: IncomingCall) => {
    switch (provider) {
      case 'twilio':
        return answerTwilio(call, twilio, record);
      case 'whatsapp':
        return answerGraph(call, whatsapp, record);
      case 'msg91':
        return answerMsg91(call, msg91, record);
      case 'whatsapp_templates':
        return graphTemplates.answer(call);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
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
      query: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body,
      remotePort: req.socket.remotePort ?? 0,
    };
    const answer = failures.take(provider) ?? answerFor(provider, call);
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
    msg91Url: origin,
    msg91,
    whatsappTemplates,
    templates: graphTemplates.templates,
    templateCalls: graphTemplates.calls,
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
      graphTemplates.reset();
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
