export { OtpEngine } from './lib/otp-engine';
export { normalizePhone } from './lib/phone';
export { verifyVerificationToken, TOKEN_AUDIENCE, TOKEN_ISSUER, type VerificationClaims } from './lib/token';
export type {
  DeliveryEventView,
  DeliveryView,
  EngineOptions,
  EngineSettings,
  RequestView,
  SendContext,
  SendInput,
  SendResult,
  VerifyInput,
  VerifyOutcome,
  VerifyResultName,
} from './lib/types';
