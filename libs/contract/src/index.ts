export {
  loadOtpPackageDefinition,
  loadOtpProto,
  PROTO_FILE,
  PROTO_INCLUDE_DIR,
  PROTO_LOADER_OPTIONS,
} from './lib/proto';
export {
  ATTEMPT_REASONS,
  BREAKER_STATES,
  CHANNELS,
  currentStatusOf,
  DELIVERY_STATUS_RANK,
  DELIVERY_STATUSES,
  SMS_PROVIDERS,
  isDeliveryStatus,
  isFinalStatus,
  LATE_FALLBACK_REASONS,
  REQUEST_DELIVERY_STATUSES,
  requestDeliveryStatusOf,
  shouldAdvanceStatus,
  type AttemptReason,
  type AttemptStatus,
  type LateFallbackReason,
  type RequestDeliveryStatus,
  type BreakerState,
  type ChannelName,
  type DeliveryEventInput,
  type DeliveryStatus,
  type ProviderName,
  type SmsProviderName,
} from './lib/domain';
export type { OtpServiceHandlers, OtpServiceClient } from './generated/agentmitra/otp/v1/OtpService';
export type { ProtoGrpcType } from './generated/otp';
export type * as pb from './lib/pb';
