import { randomInt } from 'node:crypto';
import { graphErrorBody } from './error-bodies';
import type { Answer, IncomingCall } from './types';

/** Template review statuses Graph reports (`status` of a message template). */
export type FakeTemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';

export interface GraphTemplateSettings {
  readonly accessToken: string;
  /** WHATSAPP_BUSINESS_ACCOUNT_ID the templates live on. */
  readonly businessAccountId: string;
  /** What review a created or edited template gets (Meta often approves AUTHENTICATION ones at once). */
  readonly reviewStatus: FakeTemplateStatus;
}

/** A template as the fake keeps it: the components exactly as the client sent them. */
export interface FakeWhatsAppTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: FakeTemplateStatus;
  readonly messageSendTtlSeconds: number | null;
  readonly components: readonly unknown[];
}

/** Every call to the template endpoints, with its parsed JSON body: what tests assert on. */
export interface FakeTemplateCall {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: unknown;
  readonly status: number;
}

export const GRAPH_TEMPLATES_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/message_templates$/;
export const GRAPH_TEMPLATE_PATH = /^\/(v\d+\.\d+)\/(\d+)$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');

function fail(status: number, code: number, message: string, subcode?: number): Answer {
  return { status, body: graphErrorBody(code, message, subcode === undefined ? {} : { subcode }) };
}
const invalid = (why: string) => fail(400, 100, `Invalid parameter: ${why}`);

/**
 * The parts of an AUTHENTICATION template Meta lets a business set ("Authentication templates",
 * developers.facebook.com): BODY `add_security_recommendation`, FOOTER `code_expiration_minutes`
 * (1–90), one OTP button `copy_code` / `one_tap` / `zero_tap` (the last two with `supported_apps` —
 * or the older `package_name` + `signature_hash` — and zero-tap with `zero_tap_terms_accepted`), and
 * `message_send_ttl_seconds` 30–900. The body text is preset by Meta, so none may be sent.
 */
function checkAuthentication(ttl: unknown, components: unknown): string | null {
  if (ttl !== undefined && (typeof ttl !== 'number' || ttl < 30 || ttl > 900)) {
    return 'message_send_ttl_seconds must be 30 to 900 for authentication templates';
  }
  if (!Array.isArray(components) || !components.every(isObject)) return 'components must be a list';
  for (const component of components as Json[]) {
    const type = lower(component['type']);
    if (type === 'body') {
      if ('text' in component) return 'authentication templates have a preset body text';
      const security = component['add_security_recommendation'];
      if (security !== undefined && typeof security !== 'boolean')
        return 'add_security_recommendation must be a boolean';
    } else if (type === 'footer') {
      const minutes = component['code_expiration_minutes'];
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90) {
        return 'code_expiration_minutes must be a whole number from 1 to 90';
      }
    } else if (type === 'buttons') {
      const problem = checkButtons(component['buttons']);
      if (problem) return problem;
    } else return `unknown component type ${String(component['type'])}`;
  }
  if (!(components as Json[]).some((c) => lower(c['type']) === 'buttons')) return 'an OTP button is required';
  return null;
}

function checkButtons(buttons: unknown): string | null {
  if (!Array.isArray(buttons) || buttons.length !== 1 || !isObject(buttons[0]))
    return 'exactly one OTP button';
  const button = buttons[0];
  const otpType = lower(button['otp_type']);
  if (lower(button['type']) !== 'otp') return 'the button must be of type OTP';
  if (!['copy_code', 'one_tap', 'zero_tap'].includes(otpType))
    return `unknown otp_type ${String(button['otp_type'])}`;
  if (otpType === 'copy_code') return null;
  const apps = Array.isArray(button['supported_apps'])
    ? button['supported_apps']
    : button['package_name'] !== undefined
      ? [{ package_name: button['package_name'], signature_hash: button['signature_hash'] }]
      : [];
  const valid = (app: unknown) =>
    isObject(app) &&
    typeof app['package_name'] === 'string' &&
    typeof app['signature_hash'] === 'string' &&
    /^[A-Za-z0-9+/]{11}$/.test(app['signature_hash']);
  if (apps.length < 1 || apps.length > 5 || !apps.every(valid)) {
    return `${otpType} needs supported_apps: 1 to 5 {package_name, signature_hash (11 characters)}`;
  }
  if (otpType === 'zero_tap' && button['zero_tap_terms_accepted'] !== true) {
    return 'zero_tap needs zero_tap_terms_accepted: true';
  }
  return null;
}

/** The template as Graph lists it: its rendered components are beyond this fake; it answers what it keeps. */
const listed = (t: FakeWhatsAppTemplate) => ({
  id: t.id,
  name: t.name,
  language: t.language,
  status: t.status,
  category: t.category,
  ...(t.messageSendTtlSeconds === null ? {} : { message_send_ttl_seconds: t.messageSendTtlSeconds }),
  components: t.components,
  ...(t.status === 'REJECTED' ? { rejected_reason: 'INVALID_FORMAT' } : {}),
});

/**
 * The message-template endpoints of the Graph API for one WhatsApp Business Account:
 * `GET /{version}/{waba-id}/message_templates?name=…` (`{data: […], paging}`),
 * `POST /{version}/{waba-id}/message_templates` (create: `{id, status, category}`; the same name and
 * language twice is error 100 / subcode 2388024), and `POST /{version}/{template-id}` (edit:
 * `{success: true}`). Bearer token as for messages.
 */
export class GraphTemplatesFake {
  readonly templates: FakeWhatsAppTemplate[] = [];
  readonly calls: FakeTemplateCall[] = [];

  constructor(private readonly settings: GraphTemplateSettings) {}

  answer(call: IncomingCall): Answer {
    let body: unknown = null;
    if (call.method === 'POST') {
      try {
        body = JSON.parse(call.body);
      } catch {
        body = call.body;
      }
    }
    const answer = this.decide(call, body);
    this.calls.push({
      method: call.method,
      path: call.path,
      query: call.query,
      body,
      status: 'status' in answer ? answer.status : 0,
    });
    return answer;
  }

  reset(): void {
    this.templates.length = 0;
    this.calls.length = 0;
  }

  private decide(call: IncomingCall, body: unknown): Answer {
    if (call.headers['authorization'] !== `Bearer ${this.settings.accessToken}`) {
      return fail(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const list = GRAPH_TEMPLATES_PATH.exec(call.path);
    if (list) {
      if (list[2] !== this.settings.businessAccountId) {
        return fail(400, 100, `Unsupported request. Object with ID '${list[2] ?? ''}' does not exist`, 33);
      }
      return call.method === 'GET' ? this.list(call.query) : this.create(body);
    }
    const id = GRAPH_TEMPLATE_PATH.exec(call.path)?.[2];
    const index = this.templates.findIndex((t) => t.id === id);
    const existing = this.templates[index];
    if (call.method !== 'POST' || !existing)
      return fail(400, 100, `Unsupported post request. Object with ID '${id ?? ''}' does not exist`, 33);
    if (!isObject(body)) return invalid('JSON body');
    const problem = checkAuthentication(
      body['message_send_ttl_seconds'],
      body['components'] ?? existing.components,
    );
    if (problem) return invalid(problem);
    this.templates[index] = {
      ...existing,
      status: this.settings.reviewStatus,
      components: Array.isArray(body['components']) ? body['components'] : existing.components,
      messageSendTtlSeconds:
        typeof body['message_send_ttl_seconds'] === 'number'
          ? body['message_send_ttl_seconds']
          : existing.messageSendTtlSeconds,
    };
    return { status: 200, body: { success: true } };
  }

  private list(query: string): Answer {
    const name = new URLSearchParams(query).get('name');
    const data = this.templates.filter((t) => name === null || t.name.includes(name)).map(listed);
    return { status: 200, body: { data, paging: { cursors: { before: 'QVFIUmVm', after: 'QVFIUmVm' } } } };
  }

  private create(body: unknown): Answer {
    if (!isObject(body)) return invalid('JSON body');
    const { name, language, category } = body;
    if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name))
      return invalid('name: lowercase letters, digits and _');
    if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language))
      return invalid('language');
    if (lower(category) !== 'authentication')
      return invalid('this fake serves AUTHENTICATION templates only');
    const problem = checkAuthentication(body['message_send_ttl_seconds'], body['components']);
    if (problem) return invalid(problem);
    if (this.templates.some((t) => t.name === name && t.language === language)) {
      return fail(400, 100, 'Invalid parameter', 2388024);
    }
    const template: FakeWhatsAppTemplate = {
      id: `${randomInt(1, 10)}${String(randomInt(0, 1e14)).padStart(14, '0')}`,
      name,
      language,
      category: 'AUTHENTICATION',
      status: this.settings.reviewStatus,
      messageSendTtlSeconds:
        typeof body['message_send_ttl_seconds'] === 'number' ? body['message_send_ttl_seconds'] : null,
      components: body['components'] as unknown[],
    };
    this.templates.push(template);
    return { status: 200, body: { id: template.id, status: template.status, category: template.category } };
  }
}
