import { lateFailureFallsBack } from '@agent-mitra/channels';
import type { ChannelName } from '@agent-mitra/contract';
import { sealFallbackPhone } from '@agent-mitra/privacy';
import type { FallbackArming } from '@agent-mitra/store';
import { smsFallbackAllowed } from './channel-plan';
import type { EngineDeps } from './deps';
import { actOnReceipt } from './receipt-actions';
import type { SendContext, SendInput } from './types';

export interface CarrierFacts {
  readonly requestId: string;
  /** E.164: sealed into the arming, never stored in clear. */
  readonly to: string;
  readonly mock: boolean;
  readonly callerCode: boolean;
  /** The channel that carried (or may have carried, `unknown`) the code. */
  readonly carrier: ChannelName;
  readonly unknownOutcome: boolean;
  readonly sentAt: number;
}

/**
 * What a send leaves for a later SMS fallback (DESIGN §5), or null when the request can never fall back
 * after the fact: only a real WhatsApp carrier of a server-generated code, asked for by the mobile
 * routes or gRPC (the original `/external` routes never fall back after the fact), when the request
 * allows fallback, `sms_fallback_enabled` is on and SMS is configured. The silence timeout is due
 * OTP_FALLBACK_AFTER_SECONDS after the send (none when 0: then only a `failed` receipt can trigger it,
 * and a send whose outcome is `unknown` — no receipt can match it — is not armed at all).
 */
export function lateFallbackArming(
  deps: EngineDeps,
  input: SendInput,
  context: SendContext,
  facts: CarrierFacts,
): FallbackArming | null {
  if (facts.carrier !== 'whatsapp' || facts.mock || facts.callerCode) return null;
  if (context.caller.kind === 'backend' || !deps.channels.sms || !smsFallbackAllowed(deps, input))
    return null;
  const afterSeconds = deps.settings.fallbackAfterSeconds;
  const dueAt = afterSeconds > 0 ? facts.sentAt + afterSeconds * 1000 : null;
  if (dueAt === null && facts.unknownOutcome) return null;
  return { sealedPhone: sealFallbackPhone(deps.settings.hashSecret, facts.requestId, facts.to), dueAt };
}

/**
 * A receipt can beat the send's own store write (Meta posts within a second): the webhook then found
 * no armed request. So once armed, the send looks at what is already stored for its message and acts on
 * it as the webhook would have. Either the webhook's update comes after the arming (and acts itself), or
 * its receipt was committed before this read: nothing is missed. Best effort: a store failure here is
 * logged, and the timeout still decides.
 */
export async function actOnEarlyReceipts(
  deps: EngineDeps,
  requestId: string,
  messageKey: string,
): Promise<void> {
  try {
    const delivery = await deps.store.getDelivery(messageKey);
    if (!delivery || delivery.provider !== 'whatsapp') return;
    const decisive =
      delivery.status === 'delivered' || delivery.status === 'read'
        ? delivery.events.find((e) => e.status === delivery.status)
        : delivery.events.find((e) => e.status === 'failed' && lateFailureFallsBack(e.errorCode));
    if (!decisive) return;
    await actOnReceipt(
      deps.store,
      { provider: 'whatsapp', messageKey, status: decisive.status, errorCode: decisive.errorCode },
      deps.now(),
    );
  } catch (error) {
    deps.logger.warn({ err: error, request_id: requestId }, 'early receipts not checked');
  }
}
