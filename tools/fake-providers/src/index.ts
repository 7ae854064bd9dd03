export {
  createFakeProviders,
  DEFAULT_TWILIO,
  DEFAULT_WHATSAPP,
  type FakeProviders,
  type FakeProvidersOptions,
} from './lib/fake-providers';
export {
  graphErrorBody,
  twilioErrorBody,
  type GraphErrorBody,
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
export type { TwilioCredentials } from './lib/twilio-api';
export type {
  FakeMessage,
  FakeProviderName,
  FakeRequest,
  FakeTemplate,
  ScriptedFailure,
  TwilioFakeMessage,
  WhatsAppFakeMessage,
} from './lib/types';
