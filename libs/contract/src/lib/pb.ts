// Re-exports of the generated message types under short names (`pb.SendOtpRequest`, …).
export type { Channel, Channel__Output } from '../generated/agentmitra/otp/v1/Channel';
export type { SendOtpRequest, SendOtpRequest__Output } from '../generated/agentmitra/otp/v1/SendOtpRequest';
export type {
  SendOtpResponse,
  SendOtpResponse__Output,
} from '../generated/agentmitra/otp/v1/SendOtpResponse';
export type {
  VerifyOtpRequest,
  VerifyOtpRequest__Output,
} from '../generated/agentmitra/otp/v1/VerifyOtpRequest';
export type {
  VerifyOtpResponse,
  VerifyOtpResponse__Output,
} from '../generated/agentmitra/otp/v1/VerifyOtpResponse';
export type { VerifyResult, VerifyResult__Output } from '../generated/agentmitra/otp/v1/VerifyResult';
export type {
  GetDeliveryStatusRequest,
  GetDeliveryStatusRequest__Output,
} from '../generated/agentmitra/otp/v1/GetDeliveryStatusRequest';
export type {
  GetDeliveryStatusResponse,
  GetDeliveryStatusResponse__Output,
} from '../generated/agentmitra/otp/v1/GetDeliveryStatusResponse';
export type { StatusEvent, StatusEvent__Output } from '../generated/agentmitra/otp/v1/StatusEvent';
export type { SendAttempt, SendAttempt__Output } from '../generated/agentmitra/otp/v1/SendAttempt';
