import { OtpError } from '@agent-mitra/errors';
import { maskPhone } from '@agent-mitra/observability';
import { FLAG_NAMES } from '@agent-mitra/pioneer';
import { assertCodeFormat } from './code';
import type { EngineDeps } from './deps';
import type { SendInput } from './types';

const PURPOSE_FORMAT = /^[A-Za-z0-9_.-]{1,64}$/;
const LOCALE_FORMAT = /^[a-z]{2,3}([_-][A-Za-z]{2})?$/;

/**
 * The send input every edge passes, checked here so every edge refuses the same things: a caller's code
 * of 4–10 digits (empty = absent), and the optional words `purpose` and `locale`.
 */
export function assertSendInput(input: SendInput): void {
  if (input.otp !== undefined && input.otp !== '') assertCodeFormat(input.otp);
  if (input.purpose && !PURPOSE_FORMAT.test(input.purpose)) {
    throw new OtpError('VALIDATION_ERROR', 'purpose: 1-64 letters, digits, _ . -', { field: 'purpose' });
  }
  if (input.locale && !LOCALE_FORMAT.test(input.locale)) {
    throw new OtpError('VALIDATION_ERROR', 'locale: a language code such as en, hi or en_US', {
      field: 'locale',
    });
  }
}

/**
 * Mock mode for this send: the `mock_otp_enabled` flag with the Unleash context (userId = phone,
 * properties.channel, .purpose); in production only for OTP_TEST_NUMBERS, whatever the flag says.
 */
export function isMockSend(deps: EngineDeps, to: string, input: SendInput): boolean {
  const context = { userId: to, properties: { channel: input.channel, purpose: input.purpose ?? '' } };
  if (!deps.flags.isEnabled(FLAG_NAMES.mockOtp, context)) return false;
  if (!deps.production || deps.settings.testNumbers.includes(to)) return true;
  deps.logger.warn(
    { to: maskPhone(to) },
    'mock_otp_enabled is on for a number outside OTP_TEST_NUMBERS in production; sending a real code',
  );
  return false;
}
