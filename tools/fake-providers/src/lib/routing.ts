import type { IncomingMessage } from 'node:http';
import { GRAPH_MESSAGES_PATH } from './graph-api';
import { TWILIO_MESSAGES_PATH } from './twilio-api';
import type { FakeProviderName } from './types';

const MAX_BODY_BYTES = 1_000_000;

/** Which fake API a request is for: Twilio's Messages.json or Graph's /{phone-number-id}/messages. */
export function routeOf(method: string, path: string): FakeProviderName | null {
  if (method !== 'POST') return null;
  if (TWILIO_MESSAGES_PATH.test(path)) return 'twilio';
  if (GRAPH_MESSAGES_PATH.test(path)) return 'whatsapp';
  return null;
}

/** The whole body as text, or null past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
