// Original file: proto/agentmitra/otp/v1/otp.proto

export const Channel = {
  CHANNEL_UNSPECIFIED: 'CHANNEL_UNSPECIFIED',
  CHANNEL_SMS: 'CHANNEL_SMS',
  CHANNEL_WHATSAPP: 'CHANNEL_WHATSAPP',
} as const;

export type Channel =
  | 'CHANNEL_UNSPECIFIED'
  | 0
  | 'CHANNEL_SMS'
  | 1
  | 'CHANNEL_WHATSAPP'
  | 2

export type Channel__Output = typeof Channel[keyof typeof Channel]
