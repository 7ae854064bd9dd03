import type { Config } from '@agent-mitra/config';
import { FLAG_NAMES, type FlagExposure, type Flags } from '@agent-mitra/pioneer';

/** Mock mode as an operator needs to see it (the `/ops` banner and `otp_mock_mode_on`). */
export interface MockModeView extends FlagExposure {
  /** True when some send can be answered by mock mode now. */
  readonly on: boolean;
  /** Production: mock mode applies only to OTP_TEST_NUMBERS (DESIGN §6), whatever the flag says. */
  readonly limitedToTestNumbers: boolean;
  readonly testNumbers: number;
}

/**
 * Whether `mock_otp_enabled` can answer anyone now, from the flags' own view (never a network call):
 * in production only the numbers of OTP_TEST_NUMBERS can ever be mocked, so with none listed it is off.
 */
export function mockModeOf(flags: Flags, config: Config): MockModeView {
  const exposure = flags.exposure(FLAG_NAMES.mockOtp);
  const testNumbers = config.otp.testNumbers.length;
  const limited = config.isProduction;
  const on = exposure.reach !== 'nobody' && (!limited || testNumbers > 0);
  return { ...exposure, on, limitedToTestNumbers: limited, testNumbers };
}
