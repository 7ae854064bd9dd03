import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A signed webhook, ready to post. */
export interface WebhookPost {
  /** The URL the provider was given (and signed, for Twilio). */
  readonly url: string;
  /** Where to connect: `url`, or the same path on another origin (a tunnel). */
  readonly connectTo: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const POST_TIMEOUT_MS = 5_000;

/** One POST on a fresh connection (closed after), answered with the status code; 0 when unreachable. */
export function postWebhook(target: WebhookPost, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(target.connectTo);
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...target.headers, 'content-length': String(Buffer.byteLength(target.body)) },
        signal: AbortSignal.any([signal, AbortSignal.timeout(POST_TIMEOUT_MS)]),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      },
    );
    request.on('error', () => resolve(0));
    request.end(target.body);
  });
}
