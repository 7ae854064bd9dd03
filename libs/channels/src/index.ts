export type { OtpChannel, OtpMessage, SendReceipt, ChannelSet } from './lib/port';
export { ProviderError, type ProviderFailureKind } from './lib/provider-error';
export { formatOtpText, validityMinutes } from './lib/otp-text';
export { MockChannel, MOCK_CODE } from './lib/mock/mock-channel';
