import { Unleash, type Context } from 'unleash-client';
import type { FlagContext, FlagExposure, Flags, FlagStatus } from './port';
import { closeUnleash } from './unleash-close';
import { sdkConfig, type UnleashFlagsOptions } from './unleash-config';
import { toggleReach } from './unleash-exposure';
import { FetchTracker } from './unleash-fetch-tracker';
import { UnleashState } from './unleash-state';

/** SDK warnings about fetching toggles (the others are about metrics, strategies, the bootstrap…). */
const FETCH_WARNING = /client\/features|Socket keep alive/;

/**
 * Flags served by Unleash through unleash-client. `isEnabled` evaluates on the SDK's in-memory copy:
 * it never waits on the network and never throws. Until the first sync (or bootstrap), and for flags
 * Unleash does not know, the environment value answers. An unreachable Unleash keeps the last values.
 */
export class UnleashFlags implements Flags {
  private readonly unleash: Unleash;
  private readonly state: UnleashState;
  private readonly fetches: FetchTracker;
  private hasValues = false;
  private bootstrapChange: number | null = null;
  private evaluating = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: UnleashFlagsOptions) {
    this.state = new UnleashState(options.url, options.logger, options.onStatusChange ?? (() => undefined));
    this.fetches = new FetchTracker(options.url, options.timeoutMs ?? 5_000);
    this.unleash = new Unleash(
      sdkConfig(options, this.fetches.agentFor, (toggles) => (this.bootstrapChange = toggles)),
    );
    this.followSdkEvents();
    // Started here rather than on the SDK's next tick, so that a close() right away stops it for good.
    this.unleash.start().catch((error: unknown) => this.onError(error));
  }

  isEnabled(name: string, context?: FlagContext): boolean {
    const fallback = this.options.fallback[name] ?? false;
    if (!this.hasValues) return fallback;
    this.evaluating = true;
    try {
      return this.unleash.isEnabled(name, toSdkContext(context), () => fallback);
    } catch (error) {
      this.state.warning(`evaluating ${name} failed: ${this.describe(error)}`);
      return fallback;
    } finally {
      this.evaluating = false;
    }
  }

  /**
   * From the SDK's copy (last sync or bootstrap) when it has one and knows the flag; otherwise the
   * environment value, as `isEnabled` would answer.
   */
  exposure(name: string): FlagExposure {
    const fallback: FlagExposure = {
      reach: (this.options.fallback[name] ?? false) ? 'everyone' : 'nobody',
      source: 'env',
    };
    if (!this.hasValues) return fallback;
    try {
      const toggle = this.unleash.getFeatureToggleDefinition(name);
      return toggle ? { reach: toggleReach(toggle), source: this.state.status().source } : fallback;
    } catch (error) {
      this.state.warning(`reading ${name} failed: ${this.describe(error)}`);
      return fallback;
    }
  }

  status(): FlagStatus {
    return this.state.status();
  }

  close(): Promise<void> {
    this.closing ??= closeUnleash(this.unleash, this.fetches, this.options.closeTimeoutMs ?? 5_000, (error) =>
      this.options.logger.debug({ error: this.describe(error) }, 'flags: a fetch failed after close'),
    ).then((idle) => {
      this.state.markClosed();
      if (!idle) this.options.logger.warn({}, 'flags: closed while a fetch from Unleash was still running');
    });
    return this.closing;
  }

  private followSdkEvents(): void {
    this.unleash.on('ready', () => (this.hasValues = true));
    this.unleash.on('changed', () => {
      if (this.bootstrapChange === null) return this.fetchSucceeded();
      this.state.bootstrapLoaded(this.bootstrapChange);
      this.bootstrapChange = null;
    });
    this.unleash.on('unchanged', () => this.fetchSucceeded());
    this.unleash.on('error', (error: unknown) => this.onError(error));
    this.unleash.on('warn', (warning: unknown) => {
      const message = this.describe(warning);
      if (!FETCH_WARNING.test(message)) return this.state.warning(message);
      this.fetches.ended();
      this.state.fetchFailed(message);
    });
    // The SDK emits 'synchronized' after its first `changed`, the bootstrap's included: not proof of a sync.
    this.unleash.on('synchronized', () =>
      this.options.logger.debug({}, 'flags: unleash-client synchronized'),
    );
  }

  private fetchSucceeded(): void {
    this.fetches.ended();
    this.state.fetchSucceeded();
  }

  private onError(error: unknown): void {
    const message = this.describe(error);
    if (this.evaluating) return this.state.warning(message);
    this.fetches.ended();
    this.state.fetchFailed(message);
  }

  /** An SDK error or warning as one line, never with the API token in it. */
  private describe(value: unknown): string {
    const text = (value instanceof Error ? value.message : String(value)).replace(/\s+/g, ' ').trim();
    return this.options.apiToken ? text.split(this.options.apiToken).join('[redacted]') : text;
  }
}

function toSdkContext(context: FlagContext | undefined): Context {
  if (!context) return {};
  return {
    ...(context.userId === undefined ? {} : { userId: context.userId }),
    ...(context.properties ? { properties: { ...context.properties } } : {}),
  };
}
