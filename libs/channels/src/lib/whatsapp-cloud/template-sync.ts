import type { AxiosInstance } from 'axios';
import { createProviderHttp, type ProviderHttp } from '../http/provider-http';
import { authTemplateCreateBody, authTemplateUpdateBody, type AuthTemplateSpec } from './auth-template';

export interface TemplateSyncOptions {
  /** WHATSAPP_API_URL: the Graph base with its version. */
  readonly apiUrl: string;
  readonly accessToken: string;
  readonly businessAccountId: string;
  readonly timeoutMs?: number;
}

/** One language's outcome: what was done and the review status Graph reports afterwards. */
export interface TemplateSyncResult {
  readonly language: string;
  readonly action: 'created' | 'updated';
  readonly id: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL… as Graph says. */
  readonly status: string;
  readonly rejectedReason: string | null;
}

interface ListedTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly status: string;
  readonly rejected_reason?: string;
}

/** A Graph refusal, with Graph's own code and words (they hold no secret). */
export class TemplateSyncError extends Error {
  override readonly name = 'TemplateSyncError';
  constructor(
    readonly step: string,
    readonly httpStatus: number,
    readonly graphCode: number | null,
    graphMessage: string,
  ) {
    super(
      `${step}: Graph answered ${httpStatus}${graphCode === null ? '' : ` (error ${graphCode})`}: ${graphMessage}`,
    );
  }
}

function graphError(step: string, status: number, body: unknown): TemplateSyncError {
  const error = (body as { error?: { code?: unknown; message?: unknown; error_user_msg?: unknown } } | null)
    ?.error;
  const words = [error?.message, error?.error_user_msg]
    .filter((w): w is string => typeof w === 'string')
    .join(' — ');
  return new TemplateSyncError(
    step,
    status,
    typeof error?.code === 'number' ? error.code : null,
    words || 'no details',
  );
}

/**
 * Creates or updates the AUTHENTICATION template on a WhatsApp Business Account, one translation per
 * language, through the Graph API's message-templates endpoints (developers.facebook.com, "Message
 * Templates" and "Authentication templates"): it lists the templates of that name
 * (`GET /{waba-id}/message_templates?name=`), edits a language that exists (`POST /{template-id}`, which
 * sends it back to review) and creates a missing one (`POST /{waba-id}/message_templates`), then reads
 * the review status of each. Graph refusals are thrown as TemplateSyncError.
 */
export class WhatsAppTemplateSync {
  private readonly http: ProviderHttp;
  private readonly api: string;

  constructor(private readonly options: TemplateSyncOptions) {
    this.http = createProviderHttp({
      connectTimeoutMs: 5_000,
      timeoutMs: options.timeoutMs ?? 20_000,
      maxConcurrency: 2,
    });
    this.api = options.apiUrl.replace(/\/+$/, '');
  }

  private get client(): AxiosInstance {
    return this.http.client;
  }

  /** The translations of this template on the account, by language. */
  async list(name: string): Promise<Map<string, ListedTemplate>> {
    const url = `${this.api}/${encodeURIComponent(this.options.businessAccountId)}/message_templates`;
    const response = await this.client.get<unknown>(url, {
      headers: this.headers(),
      params: { name, fields: 'id,name,language,status,category,rejected_reason', limit: 100 },
    });
    if (response.status !== 200) throw graphError('list templates', response.status, response.data);
    const data = (response.data as { data?: unknown }).data;
    const templates = Array.isArray(data) ? (data as ListedTemplate[]) : [];
    // Graph's name filter also matches longer names: keep this exact name only.
    return new Map(templates.filter((t) => t.name === name).map((t) => [t.language, t]));
  }

  async sync(spec: AuthTemplateSpec): Promise<TemplateSyncResult[]> {
    const existing = await this.list(spec.name);
    const actions: { language: string; action: 'created' | 'updated'; id: string }[] = [];
    for (const language of spec.languages) {
      const current = existing.get(language);
      if (current) {
        await this.post(
          `update ${language}`,
          `${this.api}/${encodeURIComponent(current.id)}`,
          authTemplateUpdateBody(spec),
        );
        actions.push({ language, action: 'updated', id: current.id });
      } else {
        const url = `${this.api}/${encodeURIComponent(this.options.businessAccountId)}/message_templates`;
        const created = (await this.post(
          `create ${language}`,
          url,
          authTemplateCreateBody(spec, language),
        )) as { id?: unknown };
        actions.push({ language, action: 'created', id: String(created.id ?? '') });
      }
    }
    const after = await this.list(spec.name);
    return actions.map((done) => {
      const listed = after.get(done.language);
      return {
        ...done,
        status: listed?.status ?? 'UNKNOWN',
        rejectedReason:
          listed?.rejected_reason && listed.rejected_reason !== 'NONE' ? listed.rejected_reason : null,
      };
    });
  }

  close(): void {
    this.http.close();
  }

  private async post(step: string, url: string, body: unknown): Promise<unknown> {
    const response = await this.client.post<unknown>(url, body, { headers: this.headers() });
    if (response.status !== 200) throw graphError(step, response.status, response.data);
    return response.data;
  }

  private headers() {
    return { Authorization: `Bearer ${this.options.accessToken}`, 'Content-Type': 'application/json' };
  }
}
