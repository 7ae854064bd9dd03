import { OtpError } from '@agent-mitra/errors';
import type { DeliveryRecord, OtpRequestRecord } from '@agent-mitra/store';
import type { EngineDeps } from './deps';
import type { DeliveryView, RequestView } from './types';

/** Provider ids as they come: a wamid is base64 (`+`, `/`, `=`), a MessageSid hex, ours UUIDs. */
const ID_FORMAT = /^[\w.:+/=-]{1,200}$/;

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
  };
}

/**
 * The delivery status of a message, by provider message id (hashed with the message key, as stored) or
 * by our request id (then without the provider id, which is never stored in clear).
 */
export async function getDeliveryStatus(
  deps: EngineDeps,
  query: { messageId?: string | undefined; requestId?: string | undefined },
): Promise<DeliveryView> {
  if (query.messageId) {
    if (!ID_FORMAT.test(query.messageId)) throw new OtpError('VALIDATION_ERROR', 'message_id is not valid');
    const record = await deps.store.getDelivery(deps.hashes.messageKey(query.messageId));
    if (!record) throw new OtpError('NOT_FOUND', 'no message with this id');
    return toView(record, query.messageId);
  }
  if (query.requestId) {
    const request = await findRequest(deps, query.requestId);
    const delivery = await deliveryOf(deps, request);
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

async function deliveryOf(deps: EngineDeps, request: OtpRequestRecord): Promise<DeliveryView | null> {
  const deliveries = await deps.store.listDeliveriesForRequest(request.id);
  const carried = deliveries.find((d) => d.messageKey === request.messageKey) ?? deliveries.at(-1);
  return carried ? toView(carried, null) : null;
}

/**
 * The state of one request (mobile `GET /api/v1/otp/requests/{id}`), with its delivery and attempts —
 * and no provider message id (DESIGN §9).
 */
export async function getRequestView(deps: EngineDeps, requestId: string): Promise<RequestView> {
  const request = await findRequest(deps, requestId);
  const [delivery, attempts] = await Promise.all([
    deliveryOf(deps, request),
    deps.store.listSendAttempts(request.id),
  ]);
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
    delivery,
    sendAttempts: attempts.map((a) => ({
      channel: a.channel,
      provider: a.provider,
      status: a.status,
      errorCode: a.errorCode,
      at: a.at,
      reason: a.reason,
    })),
  };
}
