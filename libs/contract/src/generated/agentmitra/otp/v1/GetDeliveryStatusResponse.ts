// Original file: proto/agentmitra/otp/v1/otp.proto

import type { StatusEvent as _agentmitra_otp_v1_StatusEvent, StatusEvent__Output as _agentmitra_otp_v1_StatusEvent__Output } from '../../../agentmitra/otp/v1/StatusEvent';

export interface GetDeliveryStatusResponse {
  'message_id'?: (string);
  'provider'?: (string);
  'status'?: (string);
  'events'?: (_agentmitra_otp_v1_StatusEvent)[];
}

export interface GetDeliveryStatusResponse__Output {
  'message_id': (string);
  'provider': (string);
  'status': (string);
  'events': (_agentmitra_otp_v1_StatusEvent__Output)[];
}
