import type {
  AttemptReason,
  AttemptStatus,
  ChannelName,
  DeliveryStatus,
  LateFallbackReason,
  ProviderName,
} from '@agent-mitra/contract';
import type {
  CallerClass,
  CodeOrigin,
  DeliveryEventRecord,
  FallbackClaim,
  OtpRequestRecord,
  RequestState,
  SendAttemptRecord,
} from './port';

/**
 * Column shapes as both adapters return them, and their mapping to the port's records: SQLite gives
 * integers (and 0/1 for booleans, JSON as text), node-postgres gives BIGINT as a string, booleans and
 * JSON as values, so times go through `Number` and the rest through the small conversions below.
 */
type Millis = string | number;

export interface RequestRow {
  id: string;
  phone_hash: string;
  phone_masked: string;
  country: string;
  channel: string;
  purpose: string | null;
  code_hash: string;
  code_origin: string;
  caller_class: string;
  mock: boolean | number;
  created_at: Millis;
  expires_at: Millis;
  attempts: number;
  max_attempts: number;
  state: string;
  verified_at: Millis | null;
  provider: string | null;
  message_key: string | null;
  channel_used: string | null;
  locale: string | null;
  fallback_due_at: Millis | null;
  fallback_reason: string | null;
  fallback_at: Millis | null;
}

export function toRequest(row: RequestRow): OtpRequestRecord {
  return {
    id: row.id,
    phoneHash: row.phone_hash,
    phoneMasked: row.phone_masked,
    country: row.country,
    channel: row.channel as ChannelName,
    purpose: row.purpose,
    codeHash: row.code_hash,
    codeOrigin: row.code_origin as CodeOrigin,
    callerClass: row.caller_class as CallerClass,
    mock: row.mock === true || row.mock === 1,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    state: row.state as RequestState,
    verifiedAt: row.verified_at === null ? null : Number(row.verified_at),
    provider: row.provider as ProviderName | null,
    messageKey: row.message_key,
    channelUsed: row.channel_used as ChannelName | null,
    locale: row.locale,
    fallbackDueAt: row.fallback_due_at === null ? null : Number(row.fallback_due_at),
    fallbackReason: row.fallback_reason as LateFallbackReason | null,
    fallbackAt: row.fallback_at === null ? null : Number(row.fallback_at),
  };
}

/** The columns of a claimed fallback (`RETURNING` of the claim). */
export interface FallbackClaimRow {
  id: string;
  fallback_phone: string;
  fallback_reason: string;
  phone_hash: string;
  phone_masked: string;
  country: string;
  caller_class: string;
  locale: string | null;
  purpose: string | null;
  expires_at: Millis;
  fallback_claimed_until: Millis;
}

export function toFallbackClaim(row: FallbackClaimRow): FallbackClaim {
  return {
    requestId: row.id,
    sealedPhone: row.fallback_phone,
    reason: row.fallback_reason as LateFallbackReason,
    phoneHash: row.phone_hash,
    phoneMasked: row.phone_masked,
    country: row.country,
    callerClass: row.caller_class as CallerClass,
    locale: row.locale,
    purpose: row.purpose,
    expiresAt: Number(row.expires_at),
    claimedUntil: Number(row.fallback_claimed_until),
  };
}

export interface AttemptRow {
  request_id: string;
  seq: Millis;
  channel: string;
  provider: string;
  message_key: string | null;
  status: string;
  error_code: string | null;
  error_message: string | null;
  recipient_masked: string;
  at: Millis;
  reason: string | null;
}

export function toAttempt(row: AttemptRow): SendAttemptRecord {
  return {
    requestId: row.request_id,
    seq: Number(row.seq),
    channel: row.channel as ChannelName,
    provider: row.provider as ProviderName,
    messageKey: row.message_key,
    status: row.status as AttemptStatus,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    recipientMasked: row.recipient_masked,
    at: Number(row.at),
    reason: row.reason as AttemptReason | null,
  };
}

export interface DeliveryRow {
  provider: string;
  message_key: string;
  request_id: string | null;
  channel: string | null;
  status: string;
  recipient_masked: string | null;
  created_at: Millis;
  updated_at: Millis;
}

export interface EventRow {
  status: string;
  at: Millis;
  received_at: Millis;
  error_code: string | null;
  error_message: string | null;
  details: Record<string, string> | string | null;
}

export function toEvent(row: EventRow): DeliveryEventRecord {
  return {
    status: row.status as DeliveryStatus,
    at: Number(row.at),
    receivedAt: Number(row.received_at),
    errorCode: row.error_code,
    errorMessage: row.error_message,
    details:
      typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, string>) : row.details,
  };
}
