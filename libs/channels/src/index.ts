export type { OtpChannel, OtpMessage, SendReceipt, ChannelSet, ProviderAttempt } from './lib/port';
export { ProviderError, type ProviderFailureKind } from './lib/provider-error';
export { validityMinutes } from './lib/otp-text';
export {
  DLT_SLOT,
  formatOtpText,
  SmsTemplates,
  type FilledSms,
  type SlotKind,
  type SmsTemplate,
  type SmsTemplateOptions,
} from './lib/sms-text/sms-templates';
export {
  Msg91SmsChannel,
  MSG91_FLOW_PATH,
  msg91FlowBody,
  type Msg91SmsOptions,
} from './lib/msg91/msg91-sms-channel';
export { classifyMsg91Error, MSG91_ERROR_RULES } from './lib/msg91/msg91-errors';
export {
  isMsg91ReportCode,
  MSG91_REPORT_CODES,
  msg91DeliveryStatus,
  msg91StatusToDelivery,
  type Msg91ReportCode,
} from './lib/msg91/msg91-status';
export {
  isValidMsg91Secret,
  MSG91_STATUS_PATH,
  msg91Time,
  parseMsg91Reports,
} from './lib/msg91/msg91-receipts';
export { NO_BREAKERS, type BreakerPermit, type CircuitBreakers } from './lib/sms-routing/circuit-breakers';
export { SmsRouteTable, type SmsRouteEntry } from './lib/sms-routing/sms-route-table';
export { RoutedSmsChannel, type RoutedSmsOptions } from './lib/sms-routing/routed-sms-channel';
export { MockChannel, MOCK_CODE } from './lib/mock/mock-channel';
export { maskRecipient, type DeliveryReceipt, type IgnoredReceipt, type ReceiptBatch } from './lib/receipt';
export { parseMetaReceipts, type MetaReceiptBatch } from './lib/whatsapp-cloud/meta-receipts';
export { isValidMetaSignature, isValidVerifyToken } from './lib/whatsapp-cloud/meta-signature';
export { parseTwilioReceipt, type TwilioCallbackParams } from './lib/twilio-sms/twilio-receipts';
export { isValidTwilioSignature, type TwilioSignedParams } from './lib/twilio-sms/twilio-signature';
export type { ProviderClientOptions } from './lib/provider-options';
export type { RetryTiming } from './lib/retry';
export {
  TwilioSmsChannel,
  TWILIO_STATUS_CALLBACK_PATH,
  validityPeriodSeconds,
  type TwilioSmsOptions,
} from './lib/twilio-sms/twilio-sms-channel';
export {
  TWILIO_MESSAGE_STATUSES,
  isTwilioMessageStatus,
  twilioStatusToDelivery,
  twilioDeliveryStatus,
  type TwilioMessageStatus,
} from './lib/twilio-sms/twilio-status';
export { classifyTwilioError, TWILIO_ERROR_RULES } from './lib/twilio-sms/twilio-errors';
export { TWILIO_DELIVERY_ERRORS } from './lib/twilio-sms/twilio-delivery-errors';
export { providerErrorMeaning } from './lib/error-meanings';
export { WhatsAppCloudChannel, type WhatsAppCloudOptions } from './lib/whatsapp-cloud/whatsapp-cloud-channel';
export {
  META_MESSAGE_STATUSES,
  isMetaMessageStatus,
  metaDeliveryStatus,
  metaStatusToDelivery,
  type MetaMessageStatus,
} from './lib/whatsapp-cloud/whatsapp-status';
export { classifyGraphError, GRAPH_ERROR_RULES } from './lib/whatsapp-cloud/whatsapp-errors';
export {
  LATE_FAILURE_RULES,
  lateFailureFallsBack,
  type LateFailureRule,
} from './lib/whatsapp-cloud/late-failures';
export {
  authenticationTemplatePayload,
  DEFAULT_TEMPLATE_LANGUAGES,
  templateLanguage,
} from './lib/whatsapp-cloud/whatsapp-template';
export {
  authTemplateComponents,
  authTemplateCreateBody,
  authTemplateTimes,
  authTemplateUpdateBody,
  type AuthTemplateSpec,
  type OtpButtonType,
} from './lib/whatsapp-cloud/auth-template';
export {
  TemplateSyncError,
  WhatsAppTemplateSync,
  type TemplateSyncOptions,
  type TemplateSyncResult,
} from './lib/whatsapp-cloud/template-sync';
