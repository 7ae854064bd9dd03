import type { EngineOptions } from './types';

/** What every use case works with: the options plus a resolved clock. */
export interface EngineDeps extends EngineOptions {
  readonly now: () => number;
}
