import { randomUUID } from 'node:crypto';
import { formatOtpText, MOCK_CODE, MockChannel } from '@agent-mitra/channels';
import { maskPhone } from '@agent-mitra/observability';
import { CHANNEL_WORDS, channelPlan } from './channel-plan';
import { generateCode, hashCode } from './code';
import { deliver, type Delivered } from './deliver';
import type { EngineDeps } from './deps';
import { runOnce, type AnswerCodec } from './idempotency';
import { actOnEarlyReceipts, lateFallbackArming } from './late-fallback';
import { sendBuckets, takeSendQuota } from './limits';
import { persistAfterSend } from './persist';
import { normalizePhone, phoneCountry } from './phone';
import { assertSendInput, isMockSend } from './send-input';
import type { SendContext, SendInput, SendResult } from './types';

/** A stored idempotent answer holds no full number: `to` comes back from the replayed request. */
function answerCodec(to: string): AnswerCodec<SendResult, Omit<SendResult, 'to'>> {
  return {
    store: ({ to: _dropped, ...rest }) => rest,
    restore: (stored) => ({ ...stored, to }),
  };
}

/**
 * Validates, limits, stores the keyed hash, sends (with WhatsApp→SMS fallback) and records each attempt.
 * A provider call that may have gone out without an answer is not an error: the answer carries the
 * `request_id` with status `unknown` (the code verifies if it arrived). A WhatsApp send that may still
 * fall back to SMS later is armed for it (see late-fallback.ts).
 */
export async function sendOtp(deps: EngineDeps, input: SendInput, context: SendContext): Promise<SendResult> {
  const to = normalizePhone(input.toPhone);
  assertSendInput(input);
  const body = { ...input, toPhone: to };
  return runOnce(
    deps,
    { caller: context.caller, key: context.idempotencyKey, body, codec: answerCodec(to) },
    () => send(deps, body, to, context),
  );
}

async function send(
  deps: EngineDeps,
  input: SendInput,
  to: string,
  context: SendContext,
): Promise<SendResult> {
  const settings = deps.settings;
  const mock = isMockSend(deps, to, input);
  const plan = mock ? [new MockChannel(input.channel, deps.now)] : channelPlan(deps, input);
  const phoneKey = deps.hashes.phoneHash(to);
  await takeSendQuota(deps, sendBuckets(deps, phoneKey, input.channel, mock, context.clientIp));

  const now = deps.now();
  const requestId = randomUUID();
  const callerCode = input.otp !== undefined && input.otp !== '';
  const code = mock ? MOCK_CODE : input.otp || generateCode(settings.length);
  const expiresAt = now + settings.ttlSeconds * 1000;
  const masked = maskPhone(to);
  const country = phoneCountry(to);
  await deps.store.createRequest({
    id: requestId,
    phoneHash: phoneKey,
    phoneMasked: masked,
    channel: input.channel,
    country,
    purpose: input.purpose || null,
    locale: input.locale || null,
    codeHash: hashCode(settings.hashSecret, requestId, code),
    // A request that came with a caller's code stays caller-chosen, even when mock mode replaced it.
    codeOrigin: callerCode ? 'caller' : 'server',
    mock,
    createdAt: now,
    expiresAt,
    maxAttempts: settings.maxAttempts,
  });

  const message = {
    requestId,
    to,
    code,
    ttlSeconds: settings.ttlSeconds,
    locale: input.locale || null,
    purpose: input.purpose || null,
  };
  let delivered: Delivered;
  try {
    delivered = await deliver(deps, plan, message, { masked, country });
  } catch (error) {
    await deps.store.completeSend(requestId, { ok: false });
    throw error;
  }
  // From here the code may be on its way: nothing below turns the send into an error (item 5).
  const carrier = delivered.channel.channel;
  if (mock) deps.metrics?.otpMockSends.inc({ channel: carrier, source: deps.flags.status().source });
  const provider = delivered.outcome === 'sent' ? delivered.receipt.provider : delivered.error.provider;
  const messageId = delivered.outcome === 'sent' ? delivered.receipt.messageId : null;
  const messageKey = messageId === null ? null : deps.hashes.messageKey(messageId);
  const fallback = lateFallbackArming(deps, input, context, {
    requestId,
    to,
    mock,
    callerCode,
    carrier,
    unknownOutcome: delivered.outcome === 'unknown',
    sentAt: deps.now(),
  });
  await persistAfterSend(deps, 'send outcome', requestId, () =>
    deps.store.completeSend(requestId, { ok: true, provider, messageKey, channel: carrier, fallback }),
  );
  if (fallback && messageKey) await actOnEarlyReceipts(deps, requestId, messageKey);
  const status = delivered.outcome === 'sent' ? delivered.receipt.status : 'unknown';
  deps.logger.info(
    {
      request_id: requestId,
      to: masked,
      channel: carrier,
      provider,
      mock,
      status,
      caller: context.caller.kind,
      late_fallback: fallback ? (fallback.dueAt === null ? 'on_failure' : 'on_failure_or_silence') : 'none',
    },
    delivered.outcome === 'sent' ? 'otp sent' : 'otp send outcome unknown; not retried',
  );
  const showCode = mock && !deps.production;
  return {
    requestId,
    provider,
    messageId,
    status,
    to,
    channel: carrier,
    mock,
    otpSent: showCode ? code : null,
    message: showCode
      ? (deps.smsTemplates?.fill(input.locale || null, code).text ?? formatOtpText(code, settings.ttlSeconds))
      : delivered.outcome === 'sent'
        ? `Verification code sent by ${CHANNEL_WORDS[carrier]} to ${masked}.`
        : `Verification code may have been sent by ${CHANNEL_WORDS[carrier]} to ${masked}; the delivery status will tell.`,
    expiresAt,
    resendAfterSeconds: mock ? 0 : settings.resendCooldownSeconds,
  };
}
