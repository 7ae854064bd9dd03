import type { Runtime } from '../create-runtime';
import type { Duty } from './duty-runner';
import { createPruneDuty, retentionRules } from './prune-duty';

/**
 * The otp-service's background duties (DESIGN §2); the gateway and webhook apps run none. A new duty
 * (the delivery-timeout fallback) joins this list.
 */
export function otpServiceDuties(runtime: Runtime): Duty[] {
  return [
    createPruneDuty({ store: runtime.store, rules: retentionRules(runtime.config), logger: runtime.logger }),
  ];
}
