import type { Unleash } from 'unleash-client';
import type { FlagExposure } from './port';

/** A toggle as the SDK holds it (`FeatureInterface`). */
type FeatureInterface = NonNullable<ReturnType<Unleash['getFeatureToggleDefinition']>>;

/** Strategies that answer on for any context when they carry no constraint and no segment. */
const ROLLOUT_PARAMETER: Readonly<Record<string, string | null>> = {
  default: null,
  flexibleRollout: 'rollout',
  gradualRolloutRandom: 'percentage',
  gradualRolloutSessionId: 'percentage',
  gradualRolloutUserId: 'percentage',
};

function unconditional(strategy: NonNullable<FeatureInterface['strategies']>[number]): boolean {
  if ((strategy.constraints ?? []).length > 0 || (strategy.segments ?? []).length > 0) return false;
  const parameter = ROLLOUT_PARAMETER[strategy.name];
  if (parameter === undefined) return false;
  return parameter === null || Number(strategy.parameters?.[parameter]) >= 100;
}

/**
 * Who an Unleash toggle (as the SDK holds it: the last sync or the bootstrap) answers on for: off →
 * `nobody`; on with no strategy, or with one that has no constraint and rolls out to 100 % → `everyone`;
 * on behind anything else (user ids, constraints, segments, a partial rollout, dependencies) → `some`.
 * Strategy shapes: Unleash "Activation strategies" (https://docs.getunleash.io/reference/activation-strategies).
 */
export function toggleReach(toggle: FeatureInterface): FlagExposure['reach'] {
  if (!toggle.enabled) return 'nobody';
  if ((toggle.dependencies ?? []).length > 0) return 'some';
  const strategies = toggle.strategies ?? [];
  if (strategies.length === 0 || strategies.some(unconditional)) return 'everyone';
  return 'some';
}
