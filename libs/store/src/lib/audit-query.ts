import type { AuditEntry, AuditQuery, AuditRecord } from './port';

/** One condition of an audit listing: `<column> <operator> <placeholder>`, and the value bound to it. */
export interface AuditCondition {
  readonly column: 'at' | 'phone_hash' | 'request_id' | 'outcome' | 'action' | 'id';
  readonly operator: '>=' | '<' | '=';
  readonly value: string | number;
}

/**
 * The conditions of a listing, in a fixed order, shared by both adapters so they filter alike (each
 * renders its own placeholders). Absent filters add nothing.
 */
export function auditConditions(query: AuditQuery): AuditCondition[] {
  const conditions: AuditCondition[] = [];
  const add = (column: AuditCondition['column'], operator: AuditCondition['operator'], value: unknown) => {
    if (value !== undefined) conditions.push({ column, operator, value: value as string | number });
  };
  add('at', '>=', query.from);
  add('at', '<', query.to);
  add('phone_hash', '=', query.phoneHash);
  add('request_id', '=', query.requestId);
  add('outcome', '=', query.outcome);
  add('action', '=', query.action);
  add('id', '<', query.before);
  return conditions;
}

/** The page from rows fetched with `limit + 1`: the extra row only says that another page follows. */
export function auditPageOf<T extends { readonly id: number }>(
  rows: readonly T[],
  limit: number,
): { entries: T[]; nextCursor: number | null } {
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

/** An audit row as either database returns it (PostgreSQL gives BIGINT columns as strings). */
export interface AuditRow {
  id: number | string;
  at: number | string;
  action: string;
  request_id: string | null;
  channel: string | null;
  provider: string | null;
  outcome: string;
  detail: string | null;
  caller_kind: string;
  caller_id: string | null;
  client_ip_hash: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  country: string | null;
}

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    at: Number(row.at),
    action: row.action as AuditRecord['action'],
    requestId: row.request_id,
    channel: row.channel as AuditRecord['channel'],
    provider: row.provider as AuditRecord['provider'],
    outcome: row.outcome,
    detail: row.detail,
    callerKind: row.caller_kind as AuditRecord['callerKind'],
    callerId: row.caller_id,
    clientIpHash: row.client_ip_hash,
    phoneHash: row.phone_hash,
    phoneMasked: row.phone_masked,
    country: row.country,
  };
}

/** The values of an entry in the column order of `AUDIT_COLUMNS`. */
export function auditValues(e: AuditEntry): (string | number | null)[] {
  return [
    e.at,
    e.action,
    e.requestId,
    e.channel,
    e.provider,
    e.outcome,
    e.detail,
    e.callerKind,
    e.callerId,
    e.clientIpHash,
    e.phoneHash,
    e.phoneMasked,
    e.country,
  ];
}

/** The columns an insert writes (the id is the database's). */
export const AUDIT_COLUMNS =
  'at, action, request_id, channel, provider, outcome, detail, caller_kind, caller_id, client_ip_hash, ' +
  'phone_hash, phone_masked, country';

/** An entry as an object keyed by `audit_log`'s columns (PostgreSQL reads it with json_populate_record). */
export function auditColumnsObject(e: AuditEntry): Record<string, string | number | null> {
  const values = auditValues(e);
  return Object.fromEntries(AUDIT_COLUMNS.split(', ').map((column, i) => [column, values[i] ?? null]));
}
