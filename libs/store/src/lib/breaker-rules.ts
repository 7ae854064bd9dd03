import type { BreakerPermit, BreakerRecord, BreakerSettings } from './port';

/**
 * The circuit-breaker rules of DESIGN §10, shared by every store adapter: each adapter reads the row
 * and writes the result inside one atomic step of its own (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a
 * transaction holding the row with `FOR UPDATE`), so they can never disagree.
 */

/** A breaker never seen: closed, no failures. */
export const closedBreaker = (name: string, now: number): BreakerRecord => ({
  name,
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
  probeUntil: null,
  updatedAt: now,
});

/** The permit for a caller, and the row to write when the decision changes it (a probe granted). */
export function decideBreaker(
  current: BreakerRecord,
  now: number,
  settings: BreakerSettings,
): { permit: BreakerPermit; next: BreakerRecord | null } {
  if (current.state === 'closed')
    return { permit: { allowed: true, state: 'closed', probe: false }, next: null };
  if (current.state === 'open') {
    const reopensAt = (current.openedAt ?? now) + settings.cooldownMs;
    if (now < reopensAt) {
      return { permit: { allowed: false, state: 'open', retryAfterMs: reopensAt - now }, next: null };
    }
  } else if (current.probeUntil !== null && current.probeUntil > now) {
    return {
      permit: { allowed: false, state: 'half_open', retryAfterMs: current.probeUntil - now },
      next: null,
    };
  }
  return {
    permit: { allowed: true, state: 'half_open', probe: true },
    next: { ...current, state: 'half_open', probeUntil: now + settings.probeLeaseMs, updatedAt: now },
  };
}

export function breakerAfterFailure(
  current: BreakerRecord,
  now: number,
  settings: BreakerSettings,
): BreakerRecord {
  const consecutiveFailures = current.consecutiveFailures + 1;
  const opens =
    current.state === 'half_open' ||
    (current.state === 'closed' && consecutiveFailures >= settings.failureThreshold);
  if (opens) {
    return {
      ...current,
      state: 'open',
      consecutiveFailures,
      openedAt: now,
      probeUntil: null,
      updatedAt: now,
    };
  }
  return { ...current, consecutiveFailures, updatedAt: now };
}
