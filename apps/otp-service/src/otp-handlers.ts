import { isIP } from 'node:net';
import type { Metadata } from '@grpc/grpc-js';
import type { ChannelName, OtpServiceHandlers, pb } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import type { DeliveryView, VerifyResultName } from '@agent-mitra/otp-engine';
import type { Runtime } from '@agent-mitra/runtime';
import { unary } from './unary';

const CHANNEL_IN: Record<string, ChannelName> = { CHANNEL_SMS: 'sms', CHANNEL_WHATSAPP: 'whatsapp' };
const CHANNEL_OUT: Record<ChannelName, pb.Channel> = { sms: 'CHANNEL_SMS', whatsapp: 'CHANNEL_WHATSAPP' };
const RESULT_OUT: Record<VerifyResultName, pb.VerifyResult> = {
  approved: 'VERIFY_RESULT_APPROVED',
  invalid_code: 'VERIFY_RESULT_INVALID_CODE',
  expired: 'VERIFY_RESULT_EXPIRED',
  max_attempts: 'VERIFY_RESULT_MAX_ATTEMPTS',
  not_found: 'VERIFY_RESULT_NOT_FOUND',
};

/**
 * The client's address from grpc-js's peer (`<address>:<port>`, IPv6 unbracketed; `unknown` without a
 * socket). Only its keyed hash is kept (audit trail); gRPC callers are services, so no per-address limit.
 */
export function peerAddress(peer: string): string | undefined {
  const withPort = /^\[?(.*?)\]?:\d+$/.exec(peer)?.[1];
  if (withPort !== undefined && isIP(withPort) !== 0) return withPort;
  return isIP(peer) !== 0 ? peer : undefined;
}

function firstString(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

function deliveryResponse(view: DeliveryView): pb.GetDeliveryStatusResponse {
  return {
    message_id: view.messageId ?? '',
    provider: view.provider,
    status: view.status,
    events: view.events.map((e) => ({
      status: e.status,
      at_unix_ms: e.at,
      error_code: e.errorCode ?? '',
      error_message: e.errorMessage ?? '',
    })),
    delivery_status: view.deliveryStatus,
    channel: view.channel ? CHANNEL_OUT[view.channel] : 'CHANNEL_UNSPECIFIED',
    fallback_at_unix_ms: view.fallbackAt ?? 0,
    attempts: view.sendAttempts.map((a) => ({
      channel: CHANNEL_OUT[a.channel],
      provider: a.provider,
      status: a.status,
      error_code: a.errorCode ?? '',
      at_unix_ms: a.at,
      reason: a.reason ?? '',
    })),
    request_id: view.requestId ?? '',
  };
}

/**
 * `agentmitra.otp.v1.OtpService`: proto ⇄ engine. A wrong code is an answer, not an error. Input means
 * what it means over REST (DESIGN §4): an empty `otp`, `request_id`, `purpose` or `locale` is absent,
 * and an unset `allow_fallback` is true.
 */
export function otpHandlers(runtime: Runtime): OtpServiceHandlers {
  const engine = runtime.engine;
  return {
    SendOtp: unary(runtime, 'SendOtp', async (req: pb.SendOtpRequest__Output, call, caller) => {
      const channel = CHANNEL_IN[String(req.channel)];
      if (!channel) throw new OtpError('INVALID_CHANNEL', 'channel must be CHANNEL_SMS or CHANNEL_WHATSAPP');
      const result = await engine.send(
        {
          toPhone: req.to_phone,
          channel,
          otp: req.otp || undefined,
          purpose: req.purpose || undefined,
          locale: req.locale || undefined,
          allowFallback: req.allow_fallback ?? true,
        },
        {
          caller,
          clientIp: peerAddress(call.getPeer()),
          idempotencyKey: firstString(call.metadata, 'idempotency-key'),
        },
      );
      return {
        request_id: result.requestId,
        provider: result.provider,
        message_id: result.messageId ?? '',
        status: result.status,
        to: result.to,
        channel: CHANNEL_OUT[result.channel],
        mock: result.mock,
        otp_sent: result.otpSent ?? '',
        message: result.message,
        expires_at_unix_ms: result.expiresAt,
        resend_after_seconds: result.resendAfterSeconds,
      };
    }),

    VerifyOtp: unary(runtime, 'VerifyOtp', async (req: pb.VerifyOtpRequest__Output, call, caller) => {
      const outcome = await engine.verify(
        { toPhone: req.to_phone, code: req.code, requestId: req.request_id || undefined },
        { caller, clientIp: peerAddress(call.getPeer()) },
      );
      return {
        verified: outcome.verified,
        result: RESULT_OUT[outcome.result],
        attempts_left: outcome.attemptsLeft,
        verification_token: outcome.verificationToken ?? '',
      };
    }),

    GetDeliveryStatus: unary(runtime, 'GetDeliveryStatus', async (req: pb.GetDeliveryStatusRequest__Output) =>
      deliveryResponse(
        await engine.deliveryStatus({
          messageId: req.message_id || undefined,
          requestId: req.request_id || undefined,
        }),
      ),
    ),
  };
}
