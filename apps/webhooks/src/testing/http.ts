import request from 'supertest';
import type { WebhooksUnderTest } from './harness';
import { signMeta, signTwilio } from './fixtures';

export const META_PATH = '/webhooks/whatsapp';
export const TWILIO_PATH = '/webhooks/twilio/status';

/** POSTs these exact bytes to the Meta receiver, signed unless a signature (or null: none) is given. */
export function postMeta(
  server: WebhooksUnderTest,
  body: string | Buffer,
  signature: string | null = signMeta(body),
) {
  const call = request(server.baseUrl).post(META_PATH).set('Content-Type', 'application/json');
  return (signature === null ? call : call.set('X-Hub-Signature-256', signature)).send(body);
}

/** POSTs a signed StatusCallback; by default signed for the URL the request arrives at. */
export function postTwilio(
  server: WebhooksUnderTest,
  params: Record<string, string>,
  options: {
    signedUrl?: string;
    signature?: string | null;
    path?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const path = options.path ?? TWILIO_PATH;
  const signature =
    options.signature === undefined
      ? signTwilio(options.signedUrl ?? `${server.baseUrl}${path}`, params)
      : options.signature;
  let call = request(server.baseUrl).post(path).type('form');
  for (const [name, value] of Object.entries(options.headers ?? {})) call = call.set(name, value);
  if (signature !== null) call = call.set('X-Twilio-Signature', signature);
  return call.send(new URLSearchParams(params).toString());
}
