// Original file: proto/agentmitra/otp/v1/otp.proto


export interface VerifyOtpRequest {
  'to_phone'?: (string);
  'code'?: (string);
  'request_id'?: (string);
}

export interface VerifyOtpRequest__Output {
  'to_phone': (string);
  'code': (string);
  'request_id': (string);
}
