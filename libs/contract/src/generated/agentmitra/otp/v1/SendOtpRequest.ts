// Original file: proto/agentmitra/otp/v1/otp.proto

import type { Channel as _agentmitra_otp_v1_Channel, Channel__Output as _agentmitra_otp_v1_Channel__Output } from '../../../agentmitra/otp/v1/Channel';

export interface SendOtpRequest {
  'to_phone'?: (string);
  'channel'?: (_agentmitra_otp_v1_Channel);
  'otp'?: (string);
  'purpose'?: (string);
  'locale'?: (string);
  'allow_fallback'?: (boolean);
  '_allow_fallback'?: "allow_fallback";
}

export interface SendOtpRequest__Output {
  'to_phone': (string);
  'channel': (_agentmitra_otp_v1_Channel__Output);
  'otp': (string);
  'purpose': (string);
  'locale': (string);
  'allow_fallback'?: (boolean);
  '_allow_fallback'?: "allow_fallback";
}
