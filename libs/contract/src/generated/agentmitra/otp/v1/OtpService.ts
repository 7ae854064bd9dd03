// Original file: proto/agentmitra/otp/v1/otp.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetDeliveryStatusRequest as _agentmitra_otp_v1_GetDeliveryStatusRequest, GetDeliveryStatusRequest__Output as _agentmitra_otp_v1_GetDeliveryStatusRequest__Output } from '../../../agentmitra/otp/v1/GetDeliveryStatusRequest';
import type { GetDeliveryStatusResponse as _agentmitra_otp_v1_GetDeliveryStatusResponse, GetDeliveryStatusResponse__Output as _agentmitra_otp_v1_GetDeliveryStatusResponse__Output } from '../../../agentmitra/otp/v1/GetDeliveryStatusResponse';
import type { SendOtpRequest as _agentmitra_otp_v1_SendOtpRequest, SendOtpRequest__Output as _agentmitra_otp_v1_SendOtpRequest__Output } from '../../../agentmitra/otp/v1/SendOtpRequest';
import type { SendOtpResponse as _agentmitra_otp_v1_SendOtpResponse, SendOtpResponse__Output as _agentmitra_otp_v1_SendOtpResponse__Output } from '../../../agentmitra/otp/v1/SendOtpResponse';
import type { VerifyOtpRequest as _agentmitra_otp_v1_VerifyOtpRequest, VerifyOtpRequest__Output as _agentmitra_otp_v1_VerifyOtpRequest__Output } from '../../../agentmitra/otp/v1/VerifyOtpRequest';
import type { VerifyOtpResponse as _agentmitra_otp_v1_VerifyOtpResponse, VerifyOtpResponse__Output as _agentmitra_otp_v1_VerifyOtpResponse__Output } from '../../../agentmitra/otp/v1/VerifyOtpResponse';

export interface OtpServiceClient extends grpc.Client {
  GetDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  GetDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  GetDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  GetDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  getDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  getDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  getDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  getDeliveryStatus(argument: _agentmitra_otp_v1_GetDeliveryStatusRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_GetDeliveryStatusResponse__Output>): grpc.ClientUnaryCall;
  
  SendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  SendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  SendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  SendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  sendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  sendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  sendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  sendOtp(argument: _agentmitra_otp_v1_SendOtpRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_SendOtpResponse__Output>): grpc.ClientUnaryCall;
  
  VerifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  VerifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  VerifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  VerifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  verifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  verifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  verifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  verifyOtp(argument: _agentmitra_otp_v1_VerifyOtpRequest, callback: grpc.requestCallback<_agentmitra_otp_v1_VerifyOtpResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface OtpServiceHandlers extends grpc.UntypedServiceImplementation {
  GetDeliveryStatus: grpc.handleUnaryCall<_agentmitra_otp_v1_GetDeliveryStatusRequest__Output, _agentmitra_otp_v1_GetDeliveryStatusResponse>;
  
  SendOtp: grpc.handleUnaryCall<_agentmitra_otp_v1_SendOtpRequest__Output, _agentmitra_otp_v1_SendOtpResponse>;
  
  VerifyOtp: grpc.handleUnaryCall<_agentmitra_otp_v1_VerifyOtpRequest__Output, _agentmitra_otp_v1_VerifyOtpResponse>;
  
}

export interface OtpServiceDefinition extends grpc.ServiceDefinition {
  GetDeliveryStatus: MethodDefinition<_agentmitra_otp_v1_GetDeliveryStatusRequest, _agentmitra_otp_v1_GetDeliveryStatusResponse, _agentmitra_otp_v1_GetDeliveryStatusRequest__Output, _agentmitra_otp_v1_GetDeliveryStatusResponse__Output>
  SendOtp: MethodDefinition<_agentmitra_otp_v1_SendOtpRequest, _agentmitra_otp_v1_SendOtpResponse, _agentmitra_otp_v1_SendOtpRequest__Output, _agentmitra_otp_v1_SendOtpResponse__Output>
  VerifyOtp: MethodDefinition<_agentmitra_otp_v1_VerifyOtpRequest, _agentmitra_otp_v1_VerifyOtpResponse, _agentmitra_otp_v1_VerifyOtpRequest__Output, _agentmitra_otp_v1_VerifyOtpResponse__Output>
}
