import { randomBytes } from 'node:crypto';
import { graphErrorBody } from './error-bodies';
import type { Answer, FakeTemplate, IncomingCall, WhatsAppFakeMessage } from './types';

export interface GraphSettings {
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** Approved templates: name → languages. Null accepts any name and language. */
  readonly templates: Readonly<Record<string, readonly string[]>> | null;
}

export const GRAPH_MESSAGES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(status: number, code: number, message: string, subcode?: number): Answer {
  return { status, body: graphErrorBody(code, message, subcode === undefined ? {} : { subcode }) };
}

/** `POST /{version}/{phone-number-id}/messages`: Bearer token, then the payload, answered like the Cloud API. */
export function answerGraph(
  call: IncomingCall,
  settings: GraphSettings,
  record: (message: WhatsAppFakeMessage) => void,
): Answer {
  if (call.headers['authorization'] !== `Bearer ${settings.accessToken}`) {
    return fail(401, 190, 'Invalid OAuth access token - Cannot parse access token');
  }
  const phoneNumberId = GRAPH_MESSAGES_PATH.exec(call.path)?.[2];
  if (phoneNumberId !== settings.phoneNumberId) {
    const message = `Unsupported post request. Object with ID '${phoneNumberId ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;
    return fail(400, 100, message, 33);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(call.body);
  } catch {
    return fail(400, 100, 'Invalid parameter');
  }
  if (!isObject(payload) || payload['messaging_product'] !== 'whatsapp')
    return fail(400, 100, 'Invalid parameter');
  const to = payload['to'];
  if (typeof to !== 'string' || !/^\+?\d{7,15}$/.test(to)) return fail(400, 100, 'Invalid parameter');
  const type = typeof payload['type'] === 'string' ? payload['type'] : 'text';
  const template = type === 'template' ? readTemplate(payload['template']) : null;
  if (type === 'template') {
    const refusal = checkTemplate(template, settings);
    if (refusal) return refusal;
  }
  const message: WhatsAppFakeMessage = {
    provider: 'whatsapp',
    id: `wamid.${randomBytes(30).toString('base64')}`,
    to,
    type,
    template,
    code: template?.bodyParameters[0] ?? null,
    payload,
    remotePort: call.remotePort,
  };
  record(message);
  const answer = {
    messaging_product: 'whatsapp',
    contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }],
    messages: [{ id: message.id, message_status: 'accepted' }],
  };
  return { status: 200, body: answer };
}

/** An AUTHENTICATION template with a copy-code button has one body parameter and one button parameter. */
function checkTemplate(template: FakeTemplate | null, settings: GraphSettings): Answer | null {
  if (!template) return fail(400, 100, 'Invalid parameter');
  const languages = settings.templates?.[template.name];
  if (settings.templates && !languages?.includes(template.language)) {
    return fail(404, 132001, '(#132001) Template name does not exist in the translation');
  }
  if (template.bodyParameters.length !== 1 || template.buttonParameters.length !== 1) {
    return fail(400, 132000, '(#132000) Number of parameters does not match the expected number of params');
  }
  return null;
}

function readTemplate(value: unknown): FakeTemplate | null {
  if (!isObject(value) || typeof value['name'] !== 'string') return null;
  const language = isObject(value['language']) ? value['language']['code'] : undefined;
  const components = Array.isArray(value['components']) ? value['components'].filter(isObject) : [];
  const texts = (type: string) =>
    components
      .filter((component) => component['type'] === type)
      .flatMap((component) => (Array.isArray(component['parameters']) ? component['parameters'] : []))
      .filter(isObject)
      .map((parameter) => String(parameter['text']));
  return {
    name: value['name'],
    language: typeof language === 'string' ? language : '',
    bodyParameters: texts('body'),
    buttonParameters: texts('button'),
  };
}
