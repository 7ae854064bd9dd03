// Original file: proto/agentmitra/otp/v1/otp.proto

import type { Channel as _agentmitra_otp_v1_Channel, Channel__Output as _agentmitra_otp_v1_Channel__Output } from '../../../agentmitra/otp/v1/Channel';
import type { Long } from '@grpc/proto-loader';

export interface SendOtpResponse {
  'request_id'?: (string);
  'provider'?: (string);
  'message_id'?: (string);
  'status'?: (string);
  'to'?: (string);
  'channel'?: (_agentmitra_otp_v1_Channel);
  'mock'?: (boolean);
  'otp_sent'?: (string);
  'message'?: (string);
  'expires_at_unix_ms'?: (number | string | Long);
  'resend_after_seconds'?: (number);
}

export interface SendOtpResponse__Output {
  'request_id': (string);
  'provider': (string);
  'message_id': (string);
  'status': (string);
  'to': (string);
  'channel': (_agentmitra_otp_v1_Channel__Output);
  'mock': (boolean);
  'otp_sent': (string);
  'message': (string);
  'expires_at_unix_ms': (number);
  'resend_after_seconds': (number);
}
