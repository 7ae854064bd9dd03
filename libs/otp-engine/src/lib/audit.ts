import type { ChannelName, ProviderName } from '@agent-mitra/contract';
import { isOtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import type { AuditAction, AuditEntry } from '@agent-mitra/store';
import { clientAddress } from './client-address';
import type { EngineDeps } from './deps';
import type { Phone } from './phone';
import type { Caller } from './types';

/** Who asked about which number, as every audit row of one call carries it (keyed hashes, masked). */
export type AuditActor = Pick<
  AuditEntry,
  'callerKind' | 'callerId' | 'clientIpHash' | 'phoneHash' | 'phoneMasked' | 'country'
>;

/** The actor of a call: the caller and its credential id, hashes of its address and the number. */
export function auditActor(
  deps: EngineDeps,
  caller: Caller,
  clientIp: string | undefined,
  phone: Phone,
): AuditActor {
  return {
    callerKind: caller.kind,
    callerId: caller.id,
    clientIpHash: clientIp ? deps.hashes.clientIpHash(clientAddress(clientIp)) : null,
    phoneHash: deps.hashes.phoneHash(phone.e164),
    phoneMasked: maskPhone(phone.e164),
    country: phone.country,
  };
}

export interface AuditFacts {
  readonly action: AuditAction;
  readonly outcome: string;
  readonly requestId?: string | null | undefined;
  readonly channel?: ChannelName | null | undefined;
  readonly provider?: ProviderName | null | undefined;
  readonly detail?: string | null | undefined;
}

/**
 * Appends one audit row (DESIGN §9): one insert. It runs after the act it records (the code may already
 * be on its way), so a failure to write it is logged (error) and never turns the answer into an error,
 * which would make the caller send again.
 */
export async function audit(deps: EngineDeps, actor: AuditActor, facts: AuditFacts): Promise<void> {
  try {
    await deps.store.appendAudit(auditEntry(deps, actor, facts));
  } catch (error) {
    deps.logger.error(
      { err: error, action: facts.action, outcome: facts.outcome, request_id: facts.requestId ?? null },
      'audit: could not record',
    );
  }
}

/** One audit row, stamped now: for a store write that carries it (a send's closing, a verify's try). */
export function auditEntry(deps: EngineDeps, actor: AuditActor, facts: AuditFacts): AuditEntry {
  return {
    ...actor,
    at: deps.now(),
    action: facts.action,
    outcome: facts.outcome,
    requestId: facts.requestId ?? null,
    channel: facts.channel ?? null,
    provider: facts.provider ?? null,
    detail: facts.detail ?? null,
  };
}

/**
 * How a failed send or verify is recorded: `refused` by a defence (detail: its kind — `country`,
 * `prefix`, `verify_failures`…), or `failed` (detail: the error code, e.g. PROVIDER_REJECTED).
 */
export function failureFacts(error: unknown): { outcome: string; detail: string } {
  if (!isOtpError(error)) return { outcome: 'failed', detail: 'INTERNAL' };
  const kind = error.details['kind'];
  if ((error.code === 'RATE_LIMITED' || error.code === 'COUNTRY_NOT_ALLOWED') && typeof kind === 'string') {
    return { outcome: 'refused', detail: kind };
  }
  return { outcome: 'failed', detail: error.code };
}
