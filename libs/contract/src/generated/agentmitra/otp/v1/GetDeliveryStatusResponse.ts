// Original file: proto/agentmitra/otp/v1/otp.proto

import type { StatusEvent as _agentmitra_otp_v1_StatusEvent, StatusEvent__Output as _agentmitra_otp_v1_StatusEvent__Output } from '../../../agentmitra/otp/v1/StatusEvent';
import type { Channel as _agentmitra_otp_v1_Channel, Channel__Output as _agentmitra_otp_v1_Channel__Output } from '../../../agentmitra/otp/v1/Channel';
import type { SendAttempt as _agentmitra_otp_v1_SendAttempt, SendAttempt__Output as _agentmitra_otp_v1_SendAttempt__Output } from '../../../agentmitra/otp/v1/SendAttempt';
import type { Long } from '@grpc/proto-loader';

export interface GetDeliveryStatusResponse {
  'message_id'?: (string);
  'provider'?: (string);
  'status'?: (string);
  'events'?: (_agentmitra_otp_v1_StatusEvent)[];
  'delivery_status'?: (string);
  'channel'?: (_agentmitra_otp_v1_Channel);
  'fallback_at_unix_ms'?: (number | string | Long);
  'attempts'?: (_agentmitra_otp_v1_SendAttempt)[];
  'request_id'?: (string);
}

export interface GetDeliveryStatusResponse__Output {
  'message_id': (string);
  'provider': (string);
  'status': (string);
  'events': (_agentmitra_otp_v1_StatusEvent__Output)[];
  'delivery_status': (string);
  'channel': (_agentmitra_otp_v1_Channel__Output);
  'fallback_at_unix_ms': (number);
  'attempts': (_agentmitra_otp_v1_SendAttempt__Output)[];
  'request_id': (string);
}
