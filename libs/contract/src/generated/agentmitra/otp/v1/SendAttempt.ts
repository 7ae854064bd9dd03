// Original file: proto/agentmitra/otp/v1/otp.proto

import type { Channel as _agentmitra_otp_v1_Channel, Channel__Output as _agentmitra_otp_v1_Channel__Output } from '../../../agentmitra/otp/v1/Channel';
import type { Long } from '@grpc/proto-loader';

export interface SendAttempt {
  'channel'?: (_agentmitra_otp_v1_Channel);
  'provider'?: (string);
  'status'?: (string);
  'error_code'?: (string);
  'at_unix_ms'?: (number | string | Long);
  'reason'?: (string);
}

export interface SendAttempt__Output {
  'channel': (_agentmitra_otp_v1_Channel__Output);
  'provider': (string);
  'status': (string);
  'error_code': (string);
  'at_unix_ms': (number);
  'reason': (string);
}
