import type { OtpChannel } from '@agent-mitra/channels';
import type { ChannelName } from '@agent-mitra/contract';
import { OtpError } from '@agent-mitra/errors';
import { FLAG_NAMES } from '@agent-mitra/pioneer';
import type { EngineDeps } from './deps';
import type { SendInput } from './types';

export const CHANNEL_WORDS: Record<ChannelName, string> = { sms: 'SMS', whatsapp: 'WhatsApp' };

function channelDisabled(channel: ChannelName, why: string): OtpError {
  return new OtpError('CHANNEL_DISABLED', `${CHANNEL_WORDS[channel]} ${why}`, { channel });
}

/** WhatsApp may fall back to SMS for this send: the request allows it and `sms_fallback_enabled` is on. */
export function smsFallbackAllowed(deps: EngineDeps, input: SendInput): boolean {
  const context = { properties: { channel: input.channel, purpose: input.purpose ?? '' } };
  return input.allowFallback && deps.flags.isEnabled(FLAG_NAMES.smsFallback, context);
}

/**
 * The real channels to try, in order: the one asked for, then SMS when WhatsApp fails in a way SMS can
 * cure (the request allows it and the `sms_fallback_enabled` flag is on). A channel switched off by its
 * flag or without credentials is skipped; when nothing is left the send is CHANNEL_DISABLED (422 /
 * FAILED_PRECONDITION, permanent) before any limit is spent.
 */
export function channelPlan(deps: EngineDeps, input: SendInput): OtpChannel[] {
  const { sms, whatsapp } = deps.channels;
  const context = { properties: { channel: input.channel, purpose: input.purpose ?? '' } };
  if (input.channel === 'sms') {
    if (!sms) throw channelDisabled('sms', 'is not configured (no SMS provider credentials)');
    return [sms];
  }
  const whatsappOn = deps.flags.isEnabled(FLAG_NAMES.whatsappChannel, context);
  const fallbackOn = smsFallbackAllowed(deps, input);
  const plan: OtpChannel[] = [];
  if (whatsappOn && whatsapp) plan.push(whatsapp);
  if (fallbackOn && sms) plan.push(sms);
  if (plan.length > 0) return plan;
  throw channelDisabled(
    'whatsapp',
    whatsappOn
      ? 'is not configured (no WhatsApp credentials) and no SMS fallback is possible'
      : 'is switched off; use SMS',
  );
}
