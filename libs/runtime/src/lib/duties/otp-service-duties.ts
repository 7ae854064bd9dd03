import type { Runtime } from '../create-runtime';
import type { Duty } from './duty-runner';
import { createFallbackDuty } from './fallback-duty';
import { createPruneDuty, retentionRules } from './prune-duty';

/**
 * The otp-service's background duties (DESIGN §2); the gateway and webhook apps run none: pruning, and
 * the late SMS fallbacks (a WhatsApp `failed` receipt or the delivery timeout).
 */
export function otpServiceDuties(runtime: Runtime): Duty[] {
  return [
    createPruneDuty({ store: runtime.store, rules: retentionRules(runtime.config), logger: runtime.logger }),
    createFallbackDuty({ engine: runtime.engine }),
  ];
}
