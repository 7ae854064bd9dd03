import type { ChannelName, ProviderName } from '@agent-mitra/contract';

/** What was done (DESIGN §9): a send, a verify, a delivery receipt, an access to an admin route. */
export const AUDIT_ACTIONS = ['send', 'verify', 'receipt', 'admin'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who did it: the mobile routes (`public`), an API key on the backend routes (`backend`), a gRPC token
 * (`grpc`), a provider's webhook (`webhook`, id = the provider), an admin key (`admin`), or the
 * otp-service's own background duty (`duty`, id = the duty: `late-fallback`).
 */
export type AuditCallerKind = 'public' | 'backend' | 'grpc' | 'webhook' | 'admin' | 'duty';

/**
 * One row of the audit trail. Never a code, a token, a full phone number, an address or a provider
 * message id: the phone as its keyed hash and masked form, the client address as its keyed hash, the
 * caller as the non-secret id of its credential. Times are Unix milliseconds.
 */
export interface AuditEntry {
  readonly at: number;
  readonly action: AuditAction;
  readonly requestId: string | null;
  readonly channel: ChannelName | null;
  readonly provider: ProviderName | null;
  /**
   * A short word: send `sent` / `refused` / `failed`; verify `approved` / `invalid_code` / `expired` /
   * `max_attempts` / `not_found` / `refused`; receipt the delivery status; admin `allowed` / `denied`.
   */
  readonly outcome: string;
  /** Why, when there is more to say: the refusal kind (`prefix`, `verify_failures`…), an error code, a route. */
  readonly detail: string | null;
  readonly callerKind: AuditCallerKind;
  /** `credentialId` of the API key or token, the provider of a webhook; null for public callers. */
  readonly callerId: string | null;
  readonly clientIpHash: string | null;
  readonly phoneHash: string | null;
  readonly phoneMasked: string | null;
  /** ISO 3166-1 alpha-2 of the phone (`ZZ` unknown); null when there is no phone. */
  readonly country: string | null;
}

export interface AuditRecord extends AuditEntry {
  /** Increases with every row written: the order of the trail and what paging continues from. */
  readonly id: number;
}

/** A page of the trail, newest first. Every filter is optional; given ones must all match. */
export interface AuditQuery {
  /** Rows at or after this time (Unix ms). */
  readonly from?: number | undefined;
  /** Rows before this time (Unix ms). */
  readonly to?: number | undefined;
  readonly phoneHash?: string | undefined;
  readonly requestId?: string | undefined;
  readonly outcome?: string | undefined;
  readonly action?: AuditAction | undefined;
  /** Continue after this row (the `nextCursor` of the previous page): rows with a smaller id. */
  readonly before?: number | undefined;
  /** Rows per page, at least 1. */
  readonly limit: number;
}

export interface AuditPage {
  readonly entries: readonly AuditRecord[];
  /** Give it as `before` for the next page; null when this page is the last. */
  readonly nextCursor: number | null;
}

/** The audit trail (DESIGN §9): append-only, paged newest first, pruned after AUDIT_RETENTION_DAYS. */
export interface AuditStore {
  /** One insert, nothing read: cheap enough for every send and verify. */
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: AuditQuery): Promise<AuditPage>;
}
