import { randomUUID } from 'node:crypto';
import { formatOtpText, MOCK_CODE, MockChannel } from '@agent-mitra/channels';
import { maskPhone } from '@agent-mitra/observability';
import { CHANNEL_WORDS, channelPlan } from './channel-plan';
import { generateCode, hashCode } from './code';
import { deliver } from './deliver';
import type { EngineDeps } from './deps';
import { runOnce, type AnswerCodec } from './idempotency';
import { sendBuckets, takeSendQuota } from './limits';
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

/** Validates, limits, stores the keyed hash, sends (with WhatsApp→SMS fallback) and records each attempt. */
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
  let delivered;
  try {
    delivered = await deliver(deps, plan, message, { masked, country });
  } catch (error) {
    await deps.store.completeSend(requestId, { ok: false });
    throw error;
  }
  const { receipt, channel } = delivered;
  if (mock) {
    deps.metrics?.otpMockSends.inc({ channel: channel.channel, source: deps.flags.status().source });
  }
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
