export { OtpEngine } from './lib/otp-engine';
export { normalizePhone } from './lib/phone';
export {
  verifyVerificationToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type Jwks,
  type VerificationClaims,
} from './lib/token';
export type {
  Caller,
  CodeOrigin,
  DeliveryEventView,
  DeliveryView,
  EngineOptions,
  EngineSettings,
  RequestView,
  SendContext,
  SendInput,
  SendResult,
  VerifyContext,
  VerifyInput,
  VerifyOutcome,
  VerifyResultName,
} from './lib/types';
