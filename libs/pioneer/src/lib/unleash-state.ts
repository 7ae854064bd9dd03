import type { FlagSource, FlagStatus } from './port';

/** The log calls the flags make (a pino logger fits). */
export interface FlagsLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}

const MAX_DISTINCT_WARNINGS = 50;

/**
 * Where the Unleash-backed flag values come from now, and the one log line per change of that: first
 * bootstrap, first sync, Unleash unreachable, reachable again. Further failures of the same outage are
 * logged at debug level only, and each distinct SDK warning once.
 */
export class UnleashState {
  private bootstrapped = false;
  private synced = false;
  private failure: string | null = null;
  private closed = false;
  private readonly warned = new Set<string>();

  constructor(
    private readonly unleashUrl: string,
    private readonly log: FlagsLogger,
    private readonly onChange: (status: FlagStatus) => void,
  ) {}

  status(): FlagStatus {
    const source: FlagSource = this.synced ? 'unleash' : this.bootstrapped ? 'bootstrap' : 'env';
    return { source, synced: this.synced, detail: this.detail(source) };
  }

  bootstrapLoaded(toggles: number): void {
    if (this.bootstrapped) return;
    this.bootstrapped = true;
    if (!this.synced)
      this.changed('info', 'flags: bootstrap values until the first sync with Unleash', { toggles });
  }

  fetchSucceeded(): void {
    if (this.synced && this.failure === null) return;
    const first = !this.synced;
    this.synced = true;
    this.failure = null;
    this.changed('info', first ? 'flags: synchronized with Unleash' : 'flags: Unleash reachable again', {});
  }

  fetchFailed(message: string): void {
    const already = this.failure !== null;
    this.failure = message;
    if (already) this.log.debug({ error: message }, 'flags: Unleash still unreachable');
    else this.changed('warn', `flags: Unleash unreachable, serving ${this.serving()}`, { error: message });
  }

  /**
   * An SDK warning that says nothing about fetching toggles (metrics, strategies, bootstrap…): each
   * distinct text (numbers aside) is logged once, as the SDK itself does for missing strategies.
   */
  warning(message: string): void {
    const kind = message.replace(/\d+/g, '#');
    if (this.warned.has(kind) || this.warned.size >= MAX_DISTINCT_WARNINGS) return;
    this.warned.add(kind);
    this.log.warn({ warning: message }, 'flags: unleash-client warning');
  }

  markClosed(): void {
    this.closed = true;
  }

  private serving(): string {
    if (this.synced) return 'the values of the last sync';
    return this.bootstrapped ? 'the bootstrap values' : 'the PIONEER_FLAG_* values';
  }

  private detail(source: FlagSource): string {
    const where = `Unleash at ${this.unleashUrl}`;
    const now =
      this.failure !== null
        ? `${where} unreachable (${this.failure}); serving ${this.serving()}`
        : source === 'unleash'
          ? `synchronized with ${where}`
          : `waiting for the first sync with ${where}; serving ${this.serving()}`;
    return this.closed ? `closed; ${now}` : now;
  }

  private changed(level: 'info' | 'warn', message: string, details: object): void {
    const status = this.status();
    this.log[level]({ flag_source: status.source, synced: status.synced, ...details }, message);
    this.onChange(status);
  }
}
