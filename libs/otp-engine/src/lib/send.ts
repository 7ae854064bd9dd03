import { randomUUID } from 'node:crypto';
import {
  formatOtpText,
  MOCK_CODE,
  MockChannel,
  type OtpChannel,
  type OtpMessage,
} from '@agent-mitra/channels';
import type { ChannelName, ProviderName } from '@agent-mitra/contract';
import { maskPhone } from '@agent-mitra/observability';
import type {
  AuditEntry,
  FallbackArming,
  NewOtpRequest,
  QuotaBucket,
  SendAttemptInput,
} from '@agent-mitra/store';
import { audit, auditActor, auditEntry, failureFacts, type AuditActor } from './audit';
import { CHANNEL_WORDS, channelPlan } from './channel-plan';
import { generateCode, hashCode } from './code';
import { attemptInput, countAttempt, deliver, type Delivered } from './deliver';
import type { EngineDeps } from './deps';
import { runOnce, type AnswerCodec } from './idempotency';
import { actOnEarlyReceipts, lateFallbackArming } from './late-fallback';
import { persistAfterSend } from './persist';
import { parseMobilePhone, type Phone } from './phone';
import { assertCountryAllowed, callerClassOf } from './refusals';
import { assertAllowed, sendBuckets, sendTarget, takeFallbackQuota, type SendTarget } from './send-budgets';
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

/** What one send works with once its input is checked: the plan, its limits, the request and the message. */
interface PreparedSend {
  readonly mock: boolean;
  readonly plan: readonly OtpChannel[];
  readonly target: SendTarget;
  readonly buckets: readonly QuotaBucket[];
  readonly request: NewOtpRequest;
  readonly message: Omit<OtpMessage, 'onAttempt'>;
  readonly callerCode: boolean;
}

function prepare(deps: EngineDeps, input: SendInput, phone: Phone, context: SendContext): PreparedSend {
  const settings = deps.settings;
  const to = phone.e164;
  const mock = isMockSend(deps, to, input);
  const plan = mock ? [new MockChannel(input.channel, deps.now)] : channelPlan(deps, input);
  const callerClass = callerClassOf(context.caller);
  const target = sendTarget(deps, phone, callerClass, context.clientIp, mock);
  const now = deps.now();
  const requestId = randomUUID();
  const callerCode = input.otp !== undefined && input.otp !== '';
  const code = mock ? MOCK_CODE : input.otp || generateCode(settings.length);
  const request: NewOtpRequest = {
    id: requestId,
    phoneHash: target.phoneKey,
    phoneMasked: maskPhone(to),
    channel: input.channel,
    country: phone.country,
    purpose: input.purpose || null,
    locale: input.locale || null,
    codeHash: hashCode(settings.hashSecret, requestId, code),
    // A request that came with a caller's code stays caller-chosen, even when mock mode replaced it.
    codeOrigin: callerCode ? 'caller' : 'server',
    mock,
    createdAt: now,
    expiresAt: now + settings.ttlSeconds * 1000,
    maxAttempts: settings.maxAttempts,
    callerClass,
  };
  return {
    mock,
    plan,
    target,
    buckets: sendBuckets(deps, target, plan[0]?.channel ?? input.channel),
    request,
    message: {
      requestId,
      to,
      code,
      ttlSeconds: settings.ttlSeconds,
      locale: input.locale || null,
      purpose: input.purpose || null,
    },
    callerCode,
  };
}

/**
 * A send in two store writes (issue 12): `openSend` (the limits and the request, all or none) before the
 * provider is called, `closeSend` (every attempt, the outcome and the audit row) after it. A mock send
 * calls no provider, so it is one write. A refusal or a failure before the closing is audited on its own.
 */
async function send(
  deps: EngineDeps,
  input: SendInput,
  phone: Phone,
  context: SendContext,
  actor: AuditActor,
): Promise<SendResult> {
  let opened: string | null = null;
  let audited = false;
  try {
    const s = prepare(deps, input, phone, context);
    const requestId = s.request.id;
    const sent = (carrier: ChannelName, provider: ProviderName, outcome: string) =>
      auditEntry(deps, actor, {
        action: 'send',
        outcome,
        requestId,
        channel: carrier,
        provider,
        detail: s.mock ? 'mock' : null,
      });
    if (s.mock) {
      const { delivered, attempt, stored } = await mockDelivery(deps, s);
      const carrier = attempt.channel;
      const messageKey = stored.messageKey;
      const closing = {
        requestId,
        attempts: [stored],
        outcome: { ok: true, provider: 'mock', messageKey, channel: carrier } as const,
        audit: sent(carrier, 'mock', 'sent'),
      };
      await assertAllowed(deps, await deps.store.openSend({ ...opening(s), closing }));
      audited = true;
      countAttempt(deps, requestId, phone.country, attempt);
      deps.metrics?.otpMockSends.inc({ channel: carrier, source: deps.flags.status().source });
      return answer(deps, input, context, s, delivered, null);
    }
    await assertAllowed(deps, await deps.store.openSend(opening(s)));
    opened = requestId;
    const attempts: SendAttemptInput[] = [];
    let delivered: Delivered;
    try {
      delivered = await deliver(deps, s.plan, s.message, {
        recipientMasked: s.request.phoneMasked,
        country: phone.country,
        attempts,
        // A WhatsApp→SMS fallback is the SMS send it is: its cooldown and the money budgets, again.
        beforeFallback: () => takeFallbackQuota(deps, s.target),
      });
    } catch (error) {
      const failed = auditEntry(deps, actor, {
        action: 'send',
        requestId,
        channel: input.channel,
        ...failureFacts(error),
      });
      await deps.store.closeSend({ requestId, attempts, outcome: { ok: false }, audit: failed });
      audited = true;
      throw error;
    }
    // From here the code may be on its way: nothing below turns the send into an error (item 5).
    audited = true;
    return await closeDelivered(deps, input, context, s, delivered, attempts, sent);
  } catch (error) {
    if (!audited) {
      const facts = { action: 'send' as const, requestId: opened, channel: input.channel };
      await audit(deps, actor, { ...facts, ...failureFacts(error) });
    }
    throw error;
  }
}

const opening = (s: PreparedSend) => ({
  buckets: s.buckets,
  now: s.request.createdAt,
  request: s.request,
});

const messageIdOf = (delivered: Delivered) =>
  delivered.outcome === 'sent' ? delivered.receipt.messageId : null;

/** The mock channel's answer (no I/O) and its one attempt, before anything is stored. */
async function mockDelivery(deps: EngineDeps, s: PreparedSend) {
  const channel = s.plan[0] as OtpChannel;
  const receipt = await channel.send(s.message);
  const attempt = {
    channel: channel.channel,
    provider: channel.provider,
    reason: null,
    receipt,
    error: null,
  };
  const delivered: Delivered = { outcome: 'sent', receipt, channel };
  return { delivered, attempt, stored: attemptInput(deps, s.request.id, s.request.phoneMasked, attempt) };
}

/** After a provider call that may have sent the code: arm a late fallback, close the send, answer. */
async function closeDelivered(
  deps: EngineDeps,
  input: SendInput,
  context: SendContext,
  s: PreparedSend,
  delivered: Delivered,
  attempts: SendAttemptInput[],
  sent: (carrier: ChannelName, provider: ProviderName, outcome: string) => AuditEntry,
): Promise<SendResult> {
  const requestId = s.request.id;
  const carrier = delivered.channel.channel;
  const provider = delivered.outcome === 'sent' ? delivered.receipt.provider : delivered.error.provider;
  const messageId = messageIdOf(delivered);
  const messageKey = messageId === null ? null : deps.hashes.messageKey(messageId);
  const fallback = lateFallbackArming(deps, input, context, {
    requestId,
    to: s.message.to,
    mock: false,
    callerCode: s.callerCode,
    carrier,
    unknownOutcome: delivered.outcome === 'unknown',
    sentAt: deps.now(),
  });
  const audit = sent(carrier, provider, delivered.outcome === 'unknown' ? 'unknown' : 'sent');
  await persistAfterSend(deps, 'send outcome', requestId, () =>
    deps.store.closeSend({
      requestId,
      attempts,
      outcome: { ok: true, provider, messageKey, channel: carrier, fallback },
      audit,
    }),
  );
  if (fallback && messageKey) await actOnEarlyReceipts(deps, requestId, messageKey);
  return answer(deps, input, context, s, delivered, fallback);
}

/** Logs the send (masked number, no code) and builds its answer. */
function answer(
  deps: EngineDeps,
  input: SendInput,
  context: SendContext,
  s: PreparedSend,
  delivered: Delivered,
  fallback: FallbackArming | null,
): SendResult {
  const { mock, request } = s;
  const { code, to } = s.message;
  const settings = deps.settings;
  const carrier = delivered.channel.channel;
  const provider = delivered.outcome === 'sent' ? delivered.receipt.provider : delivered.error.provider;
  const status = delivered.outcome === 'sent' ? delivered.receipt.status : 'unknown';
  const masked = request.phoneMasked;
  deps.logger.info(
    {
      request_id: request.id,
      to: masked,
      channel: carrier,
      provider,
      mock,
      status,
      country: request.country,
      caller: context.caller.kind,
      late_fallback: fallback ? (fallback.dueAt === null ? 'on_failure' : 'on_failure_or_silence') : 'none',
    },
    delivered.outcome === 'sent' ? 'otp sent' : 'otp send outcome unknown; not retried',
  );
  const showCode = mock && !deps.production;
  return {
    requestId: request.id,
    provider,
    messageId: messageIdOf(delivered),
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
    expiresAt: request.expiresAt,
    resendAfterSeconds: mock ? 0 : settings.resendCooldownSeconds,
  };
}
