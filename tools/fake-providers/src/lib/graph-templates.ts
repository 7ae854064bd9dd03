import { randomInt } from 'node:crypto';
import { graphErrorBody } from './error-bodies';
import { checkAuthentication } from './graph-template-rules';
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
