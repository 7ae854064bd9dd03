// Original file: proto/agentmitra/otp/v1/otp.proto


export interface GetDeliveryStatusRequest {
  'message_id'?: (string);
  'request_id'?: (string);
}

export interface GetDeliveryStatusRequest__Output {
  'message_id': (string);
  'request_id': (string);
}
