import {
  isDeliveryStatus,
  LATE_FALLBACK_REASONS,
  requestDeliveryStatusOf,
  type AttemptReason,
  type RequestDeliveryStatus,
} from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type { DeliveryRecord, OtpRequestRecord, SendAttemptRecord } from '@agent-mitra/store';
import type { EngineDeps } from './deps';
import type { DeliveryView, RequestView, SendAttemptView } from './types';

/** Provider ids as they come: a wamid is base64 (`+`, `/`, `=`), a MessageSid hex, ours UUIDs. */
const ID_FORMAT = /^[\w.:+/=-]{1,200}$/;

const isLate = (reason: AttemptReason | null) =>
  reason !== null && (LATE_FALLBACK_REASONS as readonly string[]).includes(reason);

/** `messageId`: the id the caller looked up by, echoed; null otherwise (the store keeps only its hash). */
function toView(record: DeliveryRecord, messageId: string | null): DeliveryView {
  return {
    messageId,
    provider: record.provider,
    status: record.status,
    requestId: record.requestId,
    channel: record.channel,
    events: record.events.map((e) => ({
      status: e.status,
      at: e.at,
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
    })),
    deliveryStatus: requestDeliveryStatusOf(record.status),
    fallbackAt: null,
    sendAttempts: [],
  };
}

/**
 * One attempt as the app sees it: its message's status and error code as the receipts have moved them
 * since the call (a WhatsApp message accepted as `sent`, then `failed` with 131026, reads `failed` /
 * `131026`), or the call's own when no receipt came or the attempt carried no message.
 */
function attemptView(a: SendAttemptRecord, deliveries: readonly DeliveryRecord[]): SendAttemptView {
  const delivery = a.messageKey === null ? undefined : deliveries.find((d) => d.messageKey === a.messageKey);
  const receiptError = [...(delivery?.events ?? [])].reverse().find((e) => e.errorCode !== null)?.errorCode;
  return {
    channel: a.channel,
    provider: a.provider,
    status: delivery?.status ?? a.status,
    errorCode:
      delivery?.status === 'failed' || delivery?.status === 'undelivered'
        ? (receiptError ?? a.errorCode)
        : a.errorCode,
    at: a.at,
    reason: a.reason,
  };
}

/** Every mock message id starts so (DESIGN §7: `mock_<to>_<unix seconds>`). */
const MOCK_ID_PREFIX = 'mock_';

/**
 * A mock message as a delivery record, from its request and the attempt that carried it: a mock send
 * stores no delivery record (nothing ever posts a receipt for it), and its one event is its send.
 * Null when the request is not a mock one or no attempt carried that message.
 */
function mockDelivery(
  request: OtpRequestRecord,
  attempts: readonly SendAttemptRecord[],
): DeliveryRecord | null {
  const sent = request.mock ? attempts.find((a) => a.messageKey === request.messageKey) : undefined;
  if (!sent || sent.messageKey === null || !isDeliveryStatus(sent.status)) return null;
  return {
    provider: sent.provider,
    messageKey: sent.messageKey,
    requestId: request.id,
    channel: sent.channel,
    status: sent.status,
    recipientMasked: sent.recipientMasked,
    createdAt: sent.at,
    updatedAt: sent.at,
    events: [
      {
        status: sent.status,
        at: sent.at,
        receivedAt: sent.at,
        errorCode: null,
        errorMessage: null,
        details: null,
      },
    ],
  };
}

async function mockDeliveryByKey(deps: EngineDeps, messageKey: string): Promise<DeliveryRecord | null> {
  const request = await deps.store.findMockRequest(messageKey);
  return request && mockDelivery(request, await deps.store.listSendAttempts(request.id));
}

/**
 * Where a request's code stands (DESIGN §5), from the message now carrying it and the attempts:
 * - an SMS fallback due or under way after a WhatsApp failure: `pending` (it is on its way);
 * - the last provider call left no message (`unknown`: `pending`; failed or refused: `failed`);
 * - otherwise the carrying message's status (`queued` is `pending`; `failed`/`undelivered` is `failed`,
 *   so the app may offer "resend" at once).
 */
export function requestDeliveryStatus(
  request: OtpRequestRecord,
  carrier: DeliveryRecord | null,
  attempts: readonly SendAttemptRecord[],
): RequestDeliveryStatus {
  const carrierStatus = carrier ? requestDeliveryStatusOf(carrier.status) : null;
  const fallbackComing =
    (request.fallbackDueAt !== null && carrierStatus === 'failed') ||
    (request.fallbackAt !== null && !attempts.some((a) => isLate(a.reason)));
  if (request.state === 'pending' && fallbackComing) return 'pending';
  const last = attempts.at(-1);
  if (last && last.messageKey === null) return requestDeliveryStatusOf(last.status);
  return carrierStatus ?? 'pending';
}

/**
 * The delivery status of a message, by provider message id (hashed with the message key, as stored) or
 * by our request id (then without the provider id, which is never stored in clear, and with the
 * request's delivery_status, fallback time and attempts).
 */
export async function getDeliveryStatus(
  deps: EngineDeps,
  query: { messageId?: string | undefined; requestId?: string | undefined },
): Promise<DeliveryView> {
  if (query.messageId) {
    if (!ID_FORMAT.test(query.messageId)) throw new OtpError('VALIDATION_ERROR', 'message_id is not valid');
    const key = deps.hashes.messageKey(query.messageId);
    const record =
      (await deps.store.getDelivery(key)) ??
      (query.messageId.startsWith(MOCK_ID_PREFIX) ? await mockDeliveryByKey(deps, key) : null);
    if (!record) throw new OtpError('NOT_FOUND', 'no message with this id');
    return toView(record, query.messageId);
  }
  if (query.requestId) {
    const { delivery } = await requestState(deps, await findRequest(deps, query.requestId));
    if (!delivery) throw new OtpError('NOT_FOUND', 'no message was sent for this request');
    return delivery;
  }
  throw new OtpError('VALIDATION_ERROR', 'message_id or request_id is required');
}

async function findRequest(deps: EngineDeps, requestId: string): Promise<OtpRequestRecord> {
  if (!ID_FORMAT.test(requestId)) throw new OtpError('VALIDATION_ERROR', 'request_id is not valid');
  const request = await deps.store.getRequest(requestId);
  if (!request) throw new OtpError('NOT_FOUND', 'no request with this id');
  return request;
}

/** A request's delivery as the app sees it; null when no provider was ever called for it. */
async function requestState(
  deps: EngineDeps,
  request: OtpRequestRecord,
): Promise<{ delivery: DeliveryView | null; attempts: SendAttemptView[]; status: RequestDeliveryStatus }> {
  const [deliveries, attempts] = await Promise.all([
    deps.store.listDeliveriesForRequest(request.id),
    deps.store.listSendAttempts(request.id),
  ]);
  const carrier =
    request.messageKey === null
      ? null
      : (deliveries.find((d) => d.messageKey === request.messageKey) ??
        deliveries.at(-1) ??
        mockDelivery(request, attempts));
  const status = requestDeliveryStatus(request, carrier, attempts);
  const views = attempts.map((a) => attemptView(a, deliveries));
  const last = attempts.at(-1);
  const base: Omit<DeliveryView, 'deliveryStatus' | 'fallbackAt' | 'sendAttempts'> | null = carrier
    ? toView(carrier, null)
    : last
      ? {
          messageId: null,
          provider: last.provider,
          status: last.status,
          requestId: request.id,
          channel: request.channelUsed ?? last.channel,
          events: [],
        }
      : null;
  const delivery = base
    ? {
        ...base,
        requestId: request.id,
        channel: request.channelUsed ?? base.channel,
        deliveryStatus: status,
        fallbackAt: request.fallbackAt,
        sendAttempts: views,
      }
    : null;
  return { delivery, attempts: views, status };
}

/**
 * The state of one request (mobile `GET /api/v1/otp/requests/{id}`), with its delivery, its
 * `delivery_status`, any late fallback and every attempt with its reason — and no provider message id
 * (DESIGN §9).
 */
export async function getRequestView(deps: EngineDeps, requestId: string): Promise<RequestView> {
  const request = await findRequest(deps, requestId);
  const { delivery, attempts, status } = await requestState(deps, request);
  let state: RequestView['state'] = request.state;
  if (state === 'pending' && deps.now() >= request.expiresAt) state = 'expired';
  else if (state === 'pending' && request.attempts >= request.maxAttempts) state = 'locked';
  return {
    requestId: request.id,
    to: request.phoneMasked,
    channel: request.channel,
    channelUsed: request.channelUsed,
    provider: request.provider,
    mock: request.mock,
    codeOrigin: request.codeOrigin,
    purpose: request.purpose,
    state,
    attemptsLeft: Math.max(0, request.maxAttempts - request.attempts),
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    verifiedAt: request.verifiedAt,
    deliveryStatus: status,
    fallbackAt: request.fallbackAt,
    delivery,
    sendAttempts: attempts,
  };
}
