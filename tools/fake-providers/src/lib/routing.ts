import type { IncomingMessage } from 'node:http';
import { GRAPH_MESSAGES_PATH } from './graph-api';
import { GRAPH_TEMPLATE_PATH, GRAPH_TEMPLATES_PATH } from './graph-templates';
import { MSG91_FLOW_PATH } from './msg91-api';
import { TWILIO_MESSAGES_PATH } from './twilio-api';
import type { FakeProviderName } from './types';

const MAX_BODY_BYTES = 1_000_000;

/**
 * Which fake API a request is for: Twilio's Messages.json, Graph's /{phone-number-id}/messages, MSG91's
 * /api/v5/flow, or Graph's message templates (list and create on the WABA, edit by template id).
 */
export function routeOf(method: string, path: string): FakeProviderName | null {
  if (method === 'GET' && GRAPH_TEMPLATES_PATH.test(path)) return 'whatsapp_templates';
  if (method !== 'POST') return null;
  if (MSG91_FLOW_PATH.test(path)) return 'msg91';
  if (GRAPH_TEMPLATES_PATH.test(path) || GRAPH_TEMPLATE_PATH.test(path)) return 'whatsapp_templates';
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
