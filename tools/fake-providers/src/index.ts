export { appEnv, FAKE_TWILIO_SENDER } from './lib/app-env';
export {
  createFakeProviders,
  DEFAULT_MSG91,
  DEFAULT_TWILIO,
  DEFAULT_WHATSAPP,
  DEFAULT_WHATSAPP_TEMPLATES,
  type FakeProviders,
  type FakeProvidersOptions,
} from './lib/fake-providers';
export {
  graphErrorBody,
  msg91ErrorBody,
  twilioErrorBody,
  type GraphErrorBody,
  type Msg91ErrorBody,
  type TwilioErrorBody,
} from './lib/error-bodies';
export type { GraphSettings } from './lib/graph-api';
export {
  DEFAULT_META_APP_SECRET,
  DEFAULT_RECEIPT_STATUSES,
  type FakeReceipts,
  type PostedReceipt,
  type ReceiptOptions,
  type ReceiptRule,
  type ScriptedStatus,
} from './lib/receipt-options';
export {
  metaSignature,
  metaStatusNotification,
  twilioCallbackHeaders,
  twilioStatusCallbackForm,
  type MetaStatusWord,
  type TwilioStatusWord,
} from './lib/status-webhooks';
export type {
  FakeTemplateCall,
  FakeTemplateStatus,
  FakeWhatsAppTemplate,
  GraphTemplateSettings,
} from './lib/graph-templates';
export type { Msg91Settings } from './lib/msg91-api';
export type { TwilioCredentials } from './lib/twilio-api';
export type {
  FakeMessage,
  FakeProviderName,
  FakeRequest,
  FakeTemplate,
  Msg91FakeMessage,
  ScriptedFailure,
  TwilioFakeMessage,
  WhatsAppFakeMessage,
} from './lib/types';
