import type { ProviderName } from '@agent-mitra/contract';
import { MSG91_ERROR_RULES } from './msg91/msg91-errors';
import { TWILIO_DELIVERY_ERRORS } from './twilio-sms/twilio-delivery-errors';
import { TWILIO_ERROR_RULES } from './twilio-sms/twilio-errors';
import { GRAPH_ERROR_RULES } from './whatsapp-cloud/whatsapp-errors';
import type { FailureRule } from './provider-failure';

const RULES: Readonly<Partial<Record<ProviderName, Readonly<Record<number, FailureRule>>>>> = {
  twilio: TWILIO_ERROR_RULES,
  whatsapp: GRAPH_ERROR_RULES,
  msg91: MSG91_ERROR_RULES,
};

/**
 * What a provider's error code means, in the words of our error tables (the same ones that classify
 * send failures), or of Twilio's delivery-error table for its status callbacks (30xxx); null for a code
 * we have no entry for (the text the provider sent with it is then the best explanation).
 */
export function providerErrorMeaning(provider: ProviderName, code: string | null): string | null {
  if (code === null || !/^\d{1,9}$/.test(code)) return null;
  const number = Number(code);
  if (provider === 'twilio' && TWILIO_DELIVERY_ERRORS[number]) return TWILIO_DELIVERY_ERRORS[number] ?? null;
  return RULES[provider]?.[number]?.message ?? null;
}
