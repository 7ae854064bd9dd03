import type { KeyedHashes } from '@agent-mitra/privacy';
import type { TokenIssuer } from './token';
import type { EngineOptions } from './types';

/** What every use case works with: the options plus a resolved clock, the keyed hashes and the token issuer. */
export interface EngineDeps extends EngineOptions {
  readonly now: () => number;
  readonly hashes: KeyedHashes;
  readonly tokens: TokenIssuer;
}
