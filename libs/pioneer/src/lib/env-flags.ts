import type { FlagContext, FlagExposure, Flags, FlagStatus } from './port';

/** Flags decided by the environment alone (no Unleash configured). Unknown flags are off. */
export class EnvFlags implements Flags {
  constructor(private readonly values: Readonly<Record<string, boolean>>) {}

  isEnabled(name: string, _context?: FlagContext): boolean {
    return this.values[name] ?? false;
  }

  exposure(name: string): FlagExposure {
    return { reach: this.isEnabled(name) ? 'everyone' : 'nobody', source: 'env' };
  }

  status(): FlagStatus {
    return { source: 'env', synced: true, detail: 'flags from PIONEER_FLAG_* environment variables' };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
