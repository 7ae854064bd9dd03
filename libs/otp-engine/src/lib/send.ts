import { randomUUID } from 'node:crypto';
import { formatOtpText, MOCK_CODE, MockChannel } from '@agent-mitra/channels';
import { maskPhone } from '@agent-mitra/observability';
import { audit, auditActor, failureFacts, type AuditActor } from './audit';
import { CHANNEL_WORDS, channelPlan } from './channel-plan';
import { generateCode, hashCode } from './code';
import { deliver, type Delivered } from './deliver';
import type { EngineDeps } from './deps';
import { runOnce, type AnswerCodec } from './idempotency';
import { actOnEarlyReceipts, lateFallbackArming } from './late-fallback';
import { persistAfterSend } from './persist';
import { parseMobilePhone, type Phone } from './phone';
import { assertCountryAllowed, callerClassOf } from './refusals';
import { sendBuckets, sendTarget, takeFallbackQuota, takeSendQuota } from './send-budgets';
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
 * Validates, checks the destination country, limits, stores the keyed hash, sends (with WhatsApp→SMS
 * fallback) and records each attempt; every send that got past validation leaves one audit row (`sent`,
 * `refused` with the defence's kind, or `failed` with the error code). A provider call that may have
 * gone out without an answer is not an error: the answer carries the `request_id` with status `unknown`
 * (the code verifies if it arrived). A WhatsApp send that may still fall back to SMS later is armed for
 * it (see late-fallback.ts).
 */
export async function sendOtp(deps: EngineDeps, input: SendInput, context: SendContext): Promise<SendResult> {
  const phone = parseMobilePhone(input.toPhone);
  assertSendInput(input);
  const actor = auditActor(deps, context.caller, context.clientIp, phone);
  try {
    assertCountryAllowed(deps, phone.country);
  } catch (refusal) {
    await audit(deps, actor, { action: 'send', channel: input.channel, ...failureFacts(refusal) });
    throw refusal;
  }
  const body = { ...input, toPhone: phone.e164 };
  return runOnce(
    deps,
    { caller: context.caller, key: context.idempotencyKey, body, codec: answerCodec(phone.e164) },
    () => send(deps, body, phone, context, actor),
  );
}

async function send(
  deps: EngineDeps,
  input: SendInput,
  phone: Phone,
  context: SendContext,
  actor: AuditActor,
): Promise<SendResult> {
  let requestId: string | null = null;
  try {
    const result = await sendChecked(deps, input, phone, context, (id) => (requestId = id));
    await audit(deps, actor, {
      action: 'send',
      outcome: result.status === 'unknown' ? 'unknown' : 'sent',
      requestId: result.requestId,
      channel: result.channel,
      provider: result.provider,
      detail: result.mock ? 'mock' : null,
    });
    return result;
  } catch (error) {
    await audit(deps, actor, { action: 'send', requestId, channel: input.channel, ...failureFacts(error) });
    throw error;
  }
}

async function sendChecked(
  deps: EngineDeps,
  input: SendInput,
  phone: Phone,
  context: SendContext,
  created: (requestId: string) => void,
): Promise<SendResult> {
  const settings = deps.settings;
  const to = phone.e164;
  const mock = isMockSend(deps, to, input);
  const plan = mock ? [new MockChannel(input.channel, deps.now)] : channelPlan(deps, input);
  const callerClass = callerClassOf(context.caller);
  const target = sendTarget(deps, phone, callerClass, context.clientIp, mock);
  await takeSendQuota(deps, sendBuckets(deps, target, plan[0]?.channel ?? input.channel));

  const now = deps.now();
  const requestId = randomUUID();
  const callerCode = input.otp !== undefined && input.otp !== '';
  const code = mock ? MOCK_CODE : input.otp || generateCode(settings.length);
  const expiresAt = now + settings.ttlSeconds * 1000;
  const masked = maskPhone(to);
  const country = phone.country;
  await deps.store.createRequest({
    id: requestId,
    phoneHash: target.phoneKey,
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
    callerClass,
  });
  created(requestId);

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
    delivered = await deliver(deps, plan, message, {
      recipientMasked: masked,
      country,
      // A WhatsApp→SMS fallback is the SMS send it is: its cooldown and the money budgets, again.
      beforeFallback: () => takeFallbackQuota(deps, target),
    });
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
      country,
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
