export type { OtpChannel, OtpMessage, SendReceipt, ChannelSet } from './lib/port';
export { ProviderError, type ProviderFailureKind } from './lib/provider-error';
export { formatOtpText, validityMinutes } from './lib/otp-text';
export { MockChannel, MOCK_CODE } from './lib/mock/mock-channel';
export { maskRecipient, type DeliveryReceipt, type IgnoredReceipt, type ReceiptBatch } from './lib/receipt';
export {
  metaReceiptStatus,
  parseMetaReceipts,
  type MetaReceiptBatch,
} from './lib/whatsapp-cloud/meta-receipts';
export { isValidMetaSignature, isValidVerifyToken } from './lib/whatsapp-cloud/meta-signature';
export {
  parseTwilioReceipt,
  twilioReceiptStatus,
  type TwilioCallbackParams,
} from './lib/twilio-sms/twilio-receipts';
export { isValidTwilioSignature, type TwilioSignedParams } from './lib/twilio-sms/twilio-signature';
