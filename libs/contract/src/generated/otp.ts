import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetDeliveryStatusRequest as _agentmitra_otp_v1_GetDeliveryStatusRequest, GetDeliveryStatusRequest__Output as _agentmitra_otp_v1_GetDeliveryStatusRequest__Output } from './agentmitra/otp/v1/GetDeliveryStatusRequest';
import type { GetDeliveryStatusResponse as _agentmitra_otp_v1_GetDeliveryStatusResponse, GetDeliveryStatusResponse__Output as _agentmitra_otp_v1_GetDeliveryStatusResponse__Output } from './agentmitra/otp/v1/GetDeliveryStatusResponse';
import type { OtpServiceClient as _agentmitra_otp_v1_OtpServiceClient, OtpServiceDefinition as _agentmitra_otp_v1_OtpServiceDefinition } from './agentmitra/otp/v1/OtpService';
import type { SendAttempt as _agentmitra_otp_v1_SendAttempt, SendAttempt__Output as _agentmitra_otp_v1_SendAttempt__Output } from './agentmitra/otp/v1/SendAttempt';
import type { SendOtpRequest as _agentmitra_otp_v1_SendOtpRequest, SendOtpRequest__Output as _agentmitra_otp_v1_SendOtpRequest__Output } from './agentmitra/otp/v1/SendOtpRequest';
import type { SendOtpResponse as _agentmitra_otp_v1_SendOtpResponse, SendOtpResponse__Output as _agentmitra_otp_v1_SendOtpResponse__Output } from './agentmitra/otp/v1/SendOtpResponse';
import type { StatusEvent as _agentmitra_otp_v1_StatusEvent, StatusEvent__Output as _agentmitra_otp_v1_StatusEvent__Output } from './agentmitra/otp/v1/StatusEvent';
import type { VerifyOtpRequest as _agentmitra_otp_v1_VerifyOtpRequest, VerifyOtpRequest__Output as _agentmitra_otp_v1_VerifyOtpRequest__Output } from './agentmitra/otp/v1/VerifyOtpRequest';
import type { VerifyOtpResponse as _agentmitra_otp_v1_VerifyOtpResponse, VerifyOtpResponse__Output as _agentmitra_otp_v1_VerifyOtpResponse__Output } from './agentmitra/otp/v1/VerifyOtpResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  agentmitra: {
    otp: {
      v1: {
        Channel: EnumTypeDefinition
        GetDeliveryStatusRequest: MessageTypeDefinition<_agentmitra_otp_v1_GetDeliveryStatusRequest, _agentmitra_otp_v1_GetDeliveryStatusRequest__Output>
        GetDeliveryStatusResponse: MessageTypeDefinition<_agentmitra_otp_v1_GetDeliveryStatusResponse, _agentmitra_otp_v1_GetDeliveryStatusResponse__Output>
        OtpService: SubtypeConstructor<typeof grpc.Client, _agentmitra_otp_v1_OtpServiceClient> & { service: _agentmitra_otp_v1_OtpServiceDefinition }
        SendAttempt: MessageTypeDefinition<_agentmitra_otp_v1_SendAttempt, _agentmitra_otp_v1_SendAttempt__Output>
        SendOtpRequest: MessageTypeDefinition<_agentmitra_otp_v1_SendOtpRequest, _agentmitra_otp_v1_SendOtpRequest__Output>
        SendOtpResponse: MessageTypeDefinition<_agentmitra_otp_v1_SendOtpResponse, _agentmitra_otp_v1_SendOtpResponse__Output>
        StatusEvent: MessageTypeDefinition<_agentmitra_otp_v1_StatusEvent, _agentmitra_otp_v1_StatusEvent__Output>
        VerifyOtpRequest: MessageTypeDefinition<_agentmitra_otp_v1_VerifyOtpRequest, _agentmitra_otp_v1_VerifyOtpRequest__Output>
        VerifyOtpResponse: MessageTypeDefinition<_agentmitra_otp_v1_VerifyOtpResponse, _agentmitra_otp_v1_VerifyOtpResponse__Output>
        VerifyResult: EnumTypeDefinition
      }
    }
  }
}

