export {
  FLAG_NAMES,
  type FlagContext,
  type FlagExposure,
  type FlagName,
  type Flags,
  type FlagSource,
  type FlagStatus,
} from './lib/port';
export { EnvFlags } from './lib/env-flags';
export { UnleashFlags } from './lib/unleash-flags';
export type { UnleashFlagsOptions } from './lib/unleash-config';
export type { FeatureToggle } from './lib/unleash-bootstrap';
export type { FlagsLogger } from './lib/unleash-state';
