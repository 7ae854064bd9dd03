/** The Pioneer flags this service reads. Environment `PIONEER_FLAG_<NAME>` ↔ flag `<name>`. */
export const FLAG_NAMES = {
  mockOtp: 'mock_otp_enabled',
  whatsappChannel: 'whatsapp_channel_enabled',
  smsFallback: 'sms_fallback_enabled',
} as const;
export type FlagName = (typeof FLAG_NAMES)[keyof typeof FLAG_NAMES];

/** Unleash-style context: `userId` is the phone in E.164, so strategies can target numbers. */
export interface FlagContext {
  readonly userId?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

export type FlagSource = 'env' | 'bootstrap' | 'unleash';

export interface FlagStatus {
  readonly source: FlagSource;
  /** True once values come from the configured source (always true for env flags). */
  readonly synced: boolean;
  readonly detail: string;
}

/**
 * Who a flag can answer "on" for right now, whatever the context: `everyone` (on, no condition),
 * `some` (on behind a strategy or constraint, e.g. a list of test numbers), `nobody` (off); and the
 * source that decides it (the environment value answers until Unleash is synced, and for flags Unleash
 * does not know).
 */
export interface FlagExposure {
  readonly reach: 'everyone' | 'some' | 'nobody';
  readonly source: FlagSource;
}

/** The flags port. `isEnabled` and `exposure` never throw and never wait on the network. */
export interface Flags {
  isEnabled(name: string, context?: FlagContext): boolean;
  /** Whether the flag is on for anyone at all (the operations view's mock-mode banner). */
  exposure(name: string): FlagExposure;
  status(): FlagStatus;
  close(): Promise<void>;
}
