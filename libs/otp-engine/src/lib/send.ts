import { randomUUID } from 'node:crypto';
import {
  formatOtpText,
  MOCK_CODE,
  MockChannel,
  ProviderError,
  type OtpChannel,
  type OtpMessage,
  type ProviderAttempt,
  type SendReceipt,
} from '@agent-mitra/channels';
import type { ChannelName } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import { FLAG_NAMES } from '@agent-mitra/pioneer';
import { assertCodeFormat, generateCode, hashCode } from './code';
import type { EngineDeps } from './deps';
import { runOnce } from './idempotency';
import { sendBuckets, takeSendQuota } from './limits';
import { normalizePhone, phoneHash } from './phone';
import type { SendContext, SendInput, SendResult } from './types';

const CHANNEL_WORDS: Record<ChannelName, string> = { sms: 'SMS', whatsapp: 'WhatsApp' };
const PURPOSE_FORMAT = /^[A-Za-z0-9_.-]{1,64}$/;
const LOCALE_FORMAT = /^[a-z]{2,3}([_-][A-Za-z]{2})?$/;

/** Optional words callers pass through: checked here so every edge refuses the same things. */
function assertOptionalFields(input: SendInput): void {
  if (input.purpose && !PURPOSE_FORMAT.test(input.purpose)) {
    throw new OtpError('VALIDATION_ERROR', 'purpose: 1-64 letters, digits, _ . -', { field: 'purpose' });
  }
  if (input.locale && !LOCALE_FORMAT.test(input.locale)) {
    throw new OtpError('VALIDATION_ERROR', 'locale: a language code such as en, hi or en_US', {
      field: 'locale',
    });
  }
}

/** Validates, limits, stores the keyed hash, sends (with WhatsApp→SMS fallback) and records each attempt. */
export async function sendOtp(deps: EngineDeps, input: SendInput, context: SendContext): Promise<SendResult> {
  const to = normalizePhone(input.toPhone);
  if (input.otp !== undefined && input.otp !== '') assertCodeFormat(input.otp);
  assertOptionalFields(input);
  const body = { ...input, toPhone: to };
  return runOnce(deps, 'send', context.idempotencyKey, body, () => send(deps, body, to, context));
}

function isMock(deps: EngineDeps, to: string, input: SendInput): boolean {
  const context = { userId: to, properties: { channel: input.channel, purpose: input.purpose ?? '' } };
  if (!deps.flags.isEnabled(FLAG_NAMES.mockOtp, context)) return false;
  if (!deps.production || deps.settings.testNumbers.includes(to)) return true;
  deps.logger.warn(
    { to: maskPhone(to) },
    'mock_otp_enabled is on for a number outside OTP_TEST_NUMBERS in production; sending a real code',
  );
  return false;
}

async function send(
  deps: EngineDeps,
  input: SendInput,
  to: string,
  context: SendContext,
): Promise<SendResult> {
  const settings = deps.settings;
  const mock = isMock(deps, to, input);
  const phoneKey = phoneHash(settings.hashSecret, to);
  await takeSendQuota(deps, sendBuckets(deps, phoneKey, input.channel, mock, context.clientIp));

  const now = deps.now();
  const requestId = randomUUID();
  const code = mock ? MOCK_CODE : input.otp || generateCode(settings.length);
  const expiresAt = now + settings.ttlSeconds * 1000;
  const masked = maskPhone(to);
  await deps.store.createRequest({
    id: requestId,
    phoneHash: phoneKey,
    phoneMasked: masked,
    channel: input.channel,
    purpose: input.purpose || null,
    codeHash: hashCode(settings.hashSecret, requestId, code),
    mock,
    createdAt: now,
    expiresAt,
    maxAttempts: settings.maxAttempts,
  });

  // Channels that try several providers (SMS routing) report each call; the others are recorded here.
  let reported = 0;
  const message: OtpMessage = {
    requestId,
    to,
    code,
    ttlSeconds: settings.ttlSeconds,
    locale: input.locale || null,
    purpose: input.purpose || null,
    onAttempt: async (attempt) => {
      reported += 1;
      await recordAttempt(deps, requestId, masked, attempt);
    },
  };
  const plan = mock ? [new MockChannel(input.channel, deps.now)] : channelPlan(deps, input);
  let receipt: SendReceipt | null = null;
  let used: OtpChannel | null = null;
  let lastError: unknown = null;
  for (const channel of plan) {
    reported = 0;
    const attempt = { channel: channel.channel, provider: channel.provider, reason: null };
    try {
      receipt = await channel.send(message);
      used = channel;
      if (reported === 0) await recordAttempt(deps, requestId, masked, { ...attempt, receipt, error: null });
      break;
    } catch (error) {
      lastError = error;
      if (reported === 0) await recordAttempt(deps, requestId, masked, { ...attempt, receipt: null, error });
      if (!(error instanceof ProviderError && error.fallbackEligible)) break;
    }
  }
  if (!receipt || !used) {
    await deps.store.completeSend(requestId, { ok: false });
    throw lastError ?? new OtpError('PROVIDER_UNAVAILABLE');
  }
  await deps.store.completeSend(requestId, {
    ok: true,
    provider: receipt.provider,
    messageId: receipt.messageId,
    channel: used.channel,
  });
  deps.logger.info(
    {
      request_id: requestId,
      to: masked,
      channel: used.channel,
      provider: receipt.provider,
      mock,
      status: receipt.status,
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
    channel: used.channel,
    mock,
    otpSent: showCode ? code : null,
    message: showCode
      ? (deps.smsTemplates?.fill(input.locale || null, code).text ?? formatOtpText(code, settings.ttlSeconds))
      : `Verification code sent by ${CHANNEL_WORDS[used.channel]} to ${masked}.`,
    expiresAt,
    resendAfterSeconds: mock ? 0 : settings.resendCooldownSeconds,
  };
}

/** The channels to try in order: the one asked for, then SMS when WhatsApp fails in a way SMS can cure. */
function channelPlan(deps: EngineDeps, input: SendInput): OtpChannel[] {
  const { sms, whatsapp } = deps.channels;
  const context = { properties: { channel: input.channel, purpose: input.purpose ?? '' } };
  const fallback = input.allowFallback && deps.flags.isEnabled(FLAG_NAMES.smsFallback, context);
  if (input.channel === 'sms') return [sms ?? notConfigured('sms')];
  const whatsappOn = deps.flags.isEnabled(FLAG_NAMES.whatsappChannel, context);
  const plan: OtpChannel[] = [];
  if (whatsappOn) plan.push(whatsapp ?? notConfigured('whatsapp'));
  if (fallback || !whatsappOn) plan.push(fallback ? (sms ?? notConfigured('sms')) : disabled());
  return plan;
}

function notConfigured(channel: ChannelName): OtpChannel {
  const provider = channel === 'sms' ? 'twilio' : 'whatsapp';
  return {
    channel,
    provider,
    send: () =>
      Promise.reject(
        new ProviderError(
          provider,
          'unavailable',
          null,
          `the ${CHANNEL_WORDS[channel]} channel is not configured`,
          true,
        ),
      ),
  };
}

function disabled(): OtpChannel {
  return {
    channel: 'whatsapp',
    provider: 'whatsapp',
    send: () =>
      Promise.reject(
        new ProviderError(
          'whatsapp',
          'unavailable',
          null,
          'the WhatsApp channel is switched off; use SMS',
          false,
        ),
      ),
  };
}

async function recordAttempt(
  deps: EngineDeps,
  requestId: string,
  recipientMasked: string,
  attempt: ProviderAttempt,
): Promise<void> {
  const { receipt, error } = attempt;
  const providerCode = error instanceof ProviderError ? error.providerCode : null;
  deps.metrics?.otpSends.inc({
    channel: attempt.channel,
    provider: attempt.provider,
    outcome: receipt ? 'sent' : error instanceof ProviderError ? error.kind : 'error',
  });
  if (!receipt) {
    deps.logger.warn(
      {
        request_id: requestId,
        channel: attempt.channel,
        provider: attempt.provider,
        provider_code: providerCode,
        reason: attempt.reason,
      },
      error instanceof Error ? error.message : 'send failed',
    );
  }
  await deps.store.recordSendAttempt({
    requestId,
    channel: attempt.channel,
    provider: receipt?.provider ?? attempt.provider,
    messageId: receipt?.messageId ?? null,
    status: receipt?.status ?? 'failed',
    errorCode: providerCode,
    errorMessage: error instanceof ProviderError ? error.message : receipt ? null : 'internal error',
    recipientMasked,
    at: deps.now(),
    reason: attempt.reason,
  });
}
