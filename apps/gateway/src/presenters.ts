import type { DeliveryView, RequestView, SendResult } from '@agent-mitra/otp-engine';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** Engine results → the snake_case JSON of DESIGN §4. */
export function presentSend(result: SendResult) {
  return {
    request_id: result.requestId,
    provider: result.provider,
    message_id: result.messageId,
    status: result.status,
    to: result.to,
    channel: result.channel,
    mock: result.mock,
    ...(result.otpSent !== null ? { otp_sent: result.otpSent } : {}),
    message: result.message,
    expires_at: iso(result.expiresAt),
    resend_after_seconds: result.resendAfterSeconds,
  };
}

export function presentDelivery(view: DeliveryView) {
  return {
    message_id: view.messageId,
    provider: view.provider,
    status: view.status,
    request_id: view.requestId,
    channel: view.channel,
    events: view.events.map((e) => ({
      status: e.status,
      at: iso(e.at),
      error_code: e.errorCode,
      error_message: e.errorMessage,
    })),
    delivery_status: view.deliveryStatus,
    fallback_at: isoOrNull(view.fallbackAt),
  };
}

export function presentRequest(view: RequestView) {
  return {
    request_id: view.requestId,
    to: view.to,
    channel: view.channel,
    channel_used: view.channelUsed,
    provider: view.provider,
    mock: view.mock,
    code_origin: view.codeOrigin,
    purpose: view.purpose,
    state: view.state,
    attempts_left: view.attemptsLeft,
    created_at: iso(view.createdAt),
    expires_at: iso(view.expiresAt),
    verified_at: isoOrNull(view.verifiedAt),
    delivery_status: view.deliveryStatus,
    fallback_at: isoOrNull(view.fallbackAt),
    delivery: view.delivery ? presentDelivery(view.delivery) : null,
    send_attempts: view.sendAttempts.map((a) => ({
      channel: a.channel,
      provider: a.provider,
      status: a.status,
      error_code: a.errorCode,
      at: iso(a.at),
      reason: a.reason,
    })),
  };
}
