// Original file: proto/agentmitra/otp/v1/otp.proto

import type { VerifyResult as _agentmitra_otp_v1_VerifyResult, VerifyResult__Output as _agentmitra_otp_v1_VerifyResult__Output } from '../../../agentmitra/otp/v1/VerifyResult';

export interface VerifyOtpResponse {
  'verified'?: (boolean);
  'result'?: (_agentmitra_otp_v1_VerifyResult);
  'attempts_left'?: (number);
  'verification_token'?: (string);
}

export interface VerifyOtpResponse__Output {
  'verified': (boolean);
  'result': (_agentmitra_otp_v1_VerifyResult__Output);
  'attempts_left': (number);
  'verification_token': (string);
}
