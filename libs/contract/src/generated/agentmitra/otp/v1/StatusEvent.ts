// Original file: proto/agentmitra/otp/v1/otp.proto

import type { Long } from '@grpc/proto-loader';

export interface StatusEvent {
  'status'?: (string);
  'at_unix_ms'?: (number | string | Long);
  'error_code'?: (string);
  'error_message'?: (string);
}

export interface StatusEvent__Output {
  'status': (string);
  'at_unix_ms': (number);
  'error_code': (string);
  'error_message': (string);
}
