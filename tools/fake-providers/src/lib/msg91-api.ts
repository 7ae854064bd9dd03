import { randomBytes } from 'node:crypto';
import { msg91ErrorBody } from './error-bodies';
import type { Answer, IncomingCall, Msg91FakeMessage } from './types';

export interface Msg91Settings {
  /** The `authkey` header MSG91 expects. */
  readonly authKey: string;
  /**
   * Templates as created in MSG91's panel: template id → text with `##var1##`, `##var2##`… Null accepts
   * any id (the message then has no rendered text, only its variables).
   */
  readonly templates: Readonly<Record<string, string>> | null;
}

/** MSG91's template ("flow") send API, with and without the trailing slash its pages show. */
export const MSG91_FLOW_PATH = /^\/api\/v5\/flow\/?$/;
const MOBILE = /^[1-9]\d{9,14}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(status: number, message: string, code?: string): Answer {
  return { status, body: msg91ErrorBody(message, code) };
}

/** The template's text with its `##name##` variables replaced, as the phone would show it. */
function render(template: string, variables: Readonly<Record<string, string>>): string {
  return template.replace(/##([A-Za-z0-9_]+)##/g, (whole, name: string) => variables[name] ?? whole);
}

/**
 * `POST /api/v5/flow` (docs.msg91.com "Send SMS"): `authkey` header, then `{template_id, sender?,
 * short_url?, recipients: [{mobiles, var1…}]}`; answers `{type: "success", message: <request id>}` (24
 * hex characters, the id its delivery reports carry) or `{type: "error", message, code?}`.
 */
export function answerMsg91(
  call: IncomingCall,
  settings: Msg91Settings,
  record: (message: Msg91FakeMessage) => void,
): Answer {
  if (call.headers['authkey'] !== settings.authKey) return fail(401, 'Authentication failure', '207');
  let payload: unknown;
  try {
    payload = JSON.parse(call.body);
  } catch {
    return fail(400, 'Invalid JSON body');
  }
  if (!isObject(payload)) return fail(400, 'Invalid JSON body');
  const templateId = payload['template_id'] ?? payload['flow_id'];
  if (typeof templateId !== 'string' || templateId === '') return fail(400, 'Template ID is missing');
  const template = settings.templates === null ? null : settings.templates[templateId];
  if (template === undefined) return fail(400, 'Invalid template id');
  const recipients = Array.isArray(payload['recipients']) ? payload['recipients'].filter(isObject) : [];
  const first = recipients[0];
  if (recipients.length !== 1 || !first) return fail(400, 'Missing mobile no.', '101');
  const { mobiles, ...rest } = first;
  if (typeof mobiles !== 'string' || !MOBILE.test(mobiles)) return fail(400, 'Invalid mobile number', '202');
  const variables = Object.fromEntries(Object.entries(rest).map(([name, value]) => [name, String(value)]));
  const text = template === null ? null : render(template, variables);
  const message: Msg91FakeMessage = {
    provider: 'msg91',
    requestId: randomBytes(12).toString('hex'),
    to: `+${mobiles}`,
    templateId,
    sender: typeof payload['sender'] === 'string' ? payload['sender'] : null,
    variables,
    text,
    code: /\b(\d{4,10})\b/.exec(text ?? variables['var1'] ?? '')?.[1] ?? null,
    payload,
    remotePort: call.remotePort,
  };
  record(message);
  return { status: 200, body: { type: 'success', message: message.requestId } };
}
