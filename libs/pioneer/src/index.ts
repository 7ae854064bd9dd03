export {
  FLAG_NAMES,
  type FlagContext,
  type FlagName,
  type Flags,
  type FlagSource,
  type FlagStatus,
} from './lib/port';
export { EnvFlags } from './lib/env-flags';
