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
