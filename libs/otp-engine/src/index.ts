export { OtpEngine } from './lib/otp-engine';
export { normalizePhone, parsePhone, numberPrefix, type Phone } from './lib/phone';
export {
  addressBlock,
  clientAddress,
  UNPARSEABLE_ADDRESS,
  unparseableAddressWarning,
} from './lib/client-address';
export { fallbackBuckets, sendTarget, takeFallbackQuota, type SendTarget } from './lib/send-budgets';
export { actOnReceipt, type ReceiptAction, type ReceiptFacts } from './lib/receipt-actions';
export { FALLBACK_LEASE_MS } from './lib/fallback';
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
  SendAttemptView,
  SendInput,
  SendResult,
  VerifyContext,
  VerifyInput,
  VerifyOutcome,
  VerifyResultName,
} from './lib/types';
