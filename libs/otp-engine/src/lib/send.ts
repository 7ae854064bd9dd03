import { randomUUID } from 'node:crypto';
import { formatOtpText, MOCK_CODE, MockChannel } from '@agent-mitra/channels';
import { maskPhone } from '@agent-mitra/observability';
import { audit, auditActor, failureFacts, type AuditActor } from './audit';
import { CHANNEL_WORDS, channelPlan } from './channel-plan';
import { generateCode, hashCode } from './code';
import { deliver } from './deliver';
import type { EngineDeps } from './deps';
import { runOnce, type AnswerCodec } from './idempotency';
import { parsePhone, type Phone } from './phone';
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
 * `refused` with the defence's kind, or `failed` with the error code).
 */
export async function sendOtp(deps: EngineDeps, input: SendInput, context: SendContext): Promise<SendResult> {
  const phone = parsePhone(input.toPhone);
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
      outcome: 'sent',
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
  const target = sendTarget(deps, phone, callerClassOf(context.caller), context.clientIp, mock);
  await takeSendQuota(deps, sendBuckets(deps, target, plan[0]?.channel ?? input.channel));

  const now = deps.now();
  const requestId = randomUUID();
  const callerCode = input.otp !== undefined && input.otp !== '';
  const code = mock ? MOCK_CODE : input.otp || generateCode(settings.length);
  const expiresAt = now + settings.ttlSeconds * 1000;
  const masked = maskPhone(to);
  await deps.store.createRequest({
    id: requestId,
    phoneHash: target.phoneKey,
    phoneMasked: masked,
    country: phone.country,
    channel: input.channel,
    purpose: input.purpose || null,
    codeHash: hashCode(settings.hashSecret, requestId, code),
    // A request that came with a caller's code stays caller-chosen, even when mock mode replaced it.
    codeOrigin: callerCode ? 'caller' : 'server',
    mock,
    createdAt: now,
    expiresAt,
    maxAttempts: settings.maxAttempts,
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
  let delivered;
  try {
    delivered = await deliver(deps, plan, message, {
      recipientMasked: masked,
      country: phone.country,
      // A WhatsApp→SMS fallback is the SMS send it is: its cooldown and the money budgets, again.
      beforeFallback: () => takeFallbackQuota(deps, target),
    });
  } catch (error) {
    await deps.store.completeSend(requestId, { ok: false });
    throw error;
  }
  const { receipt, channel } = delivered;
  await deps.store.completeSend(requestId, {
    ok: true,
    provider: receipt.provider,
    messageKey: deps.hashes.messageKey(receipt.messageId),
    channel: channel.channel,
  });
  deps.logger.info(
    {
      request_id: requestId,
      to: masked,
      country: phone.country,
      channel: channel.channel,
      provider: receipt.provider,
      mock,
      status: receipt.status,
      caller: context.caller.kind,
    },
    'otp sent',
  );
  const showCode = mock && !deps.production;
  return {
    requestId,
    provider: receipt.provider,
    messageId: receipt.messageId,
    status: receipt.status,
    to,
    channel: channel.channel,
    mock,
    otpSent: showCode ? code : null,
    message: showCode
      ? (deps.smsTemplates?.fill(input.locale || null, code).text ?? formatOtpText(code, settings.ttlSeconds))
      : `Verification code sent by ${CHANNEL_WORDS[channel.channel]} to ${masked}.`,
    expiresAt,
    resendAfterSeconds: mock ? 0 : settings.resendCooldownSeconds,
  };
}
