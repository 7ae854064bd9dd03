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

/** The flags port. `isEnabled` never throws and never waits on the network. */
export interface Flags {
  isEnabled(name: string, context?: FlagContext): boolean;
  status(): FlagStatus;
  close(): Promise<void>;
}
