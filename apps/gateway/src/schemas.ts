import { ATTEMPT_REASONS } from '@agent-mitra/contract';
import { z } from 'zod';

/**
 * The REST contract (DESIGN §4). Request schemas validate every call; request and response schemas
 * together generate /api/v1/openapi.json, so the document cannot drift from what is enforced.
 */
const phone = z.string({ error: 'to_phone is required' }).min(1, 'to_phone is required').max(64).meta({
  description: 'E.164 phone number (spaces and invisible formatting marks are ignored)',
  example: '+919876543210',
});
/** An optional text where an empty string means absent, as over gRPC (DESIGN §4). */
const optional = <T extends z.ZodType<string>>(schema: T) =>
  z
    .union([z.literal(''), schema])
    .optional()
    .transform((value) => (value === '' ? undefined : (value as z.output<T> | undefined)));
const code = z
  .string({ error: 'the code is required' })
  .regex(/^\d{4,10}$/, 'the code must be 4 to 10 digits')
  .meta({ example: '123456' });
const purpose = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'purpose: 1-64 letters, digits, _ . -')
  .meta({ example: 'login' });
const locale = z
  .string()
  .regex(/^[a-z]{2,3}([_-][A-Za-z]{2})?$/, 'locale: a language code such as en, hi or en_US')
  .meta({ example: 'hi' });
const channel = z.enum(['sms', 'whatsapp'], { error: 'channel must be "sms" or "whatsapp"' });

const allowFallback = z
  .boolean()
  .default(true)
  .meta({ description: 'WhatsApp failure may fall back to SMS (default true on every route)' });

export const externalSendBody = z.object({
  to_phone: phone,
  otp: optional(code).meta({
    description:
      'Code to send (4-10 digits); generated when absent or empty. A caller-chosen code never verifies on the public route.',
  }),
  purpose: optional(purpose),
  locale: optional(locale),
  allow_fallback: allowFallback,
});

export const mobileSendBody = z.object({
  to_phone: phone,
  channel,
  purpose: optional(purpose),
  locale: optional(locale),
  allow_fallback: allowFallback,
});

export const verifyBody = z.object({
  to_phone: phone,
  code,
  request_id: z
    .string({ error: 'request_id is required: give the one the send returned' })
    .min(1, 'request_id is required: give the one the send returned')
    .max(64)
    .meta({ description: 'The request_id the send returned (required)' }),
});

export const idParam = z.string().regex(/^[\w.:+/=-]{1,200}$/, 'not a valid id');

const statusWord = z.enum(['queued', 'sent', 'delivered', 'read', 'failed', 'undelivered']);
const attemptStatusWord = z.enum([...statusWord.options, 'unknown', 'refused']).meta({
  description:
    'the provider status after the call; unknown: it may have gone out without an answer (never retried); refused: a send limit stopped a late fallback',
});
const deliveryStatus = z.enum(['pending', 'sent', 'delivered', 'read', 'failed']).meta({
  description:
    'where the code stands: pending (nothing reported yet, or an SMS fallback on its way), sent, delivered, read, failed (offer "resend" at once)',
});
const fallbackAt = z.string().nullable().meta({
  format: 'date-time',
  description: 'when a late SMS fallback replaced the WhatsApp code; null: none',
});
const providerWord = z.enum(['mock', 'twilio', 'whatsapp', 'msg91']);

export const sendData = z.object({
  request_id: z.string(),
  provider: providerWord,
  message_id: z
    .string()
    .nullable()
    .meta({ description: 'null when status is unknown (no answer came back)' }),
  status: z.enum([...statusWord.options, 'unknown']).meta({
    description:
      'unknown: the provider call may have gone out without an answer; never retried, the code verifies if it arrived',
  }),
  to: z.string(),
  channel,
  mock: z.boolean(),
  otp_sent: z.string().optional().meta({ description: 'Only in mock mode, never in production' }),
  message: z.string(),
  expires_at: z.string().meta({ format: 'date-time' }),
  resend_after_seconds: z.number().int(),
});

export const verifyData = z.object({
  verified: z.literal(true),
  result: z.literal('approved'),
  request_id: z.string(),
  verification_token: z.string().meta({
    description:
      'JWT (HS256, or ES256 with kid when /.well-known/jwks.json is served): iss, aud, sub = phone, purpose, request_id, code_origin, jti, exp ≤ 10 min',
  }),
});

const event = z.object({
  status: statusWord,
  at: z.string().meta({ format: 'date-time' }),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
});

export const deliveryData = z.object({
  message_id: z.string().nullable().meta({
    description: 'The id looked up by, echoed; null when looked up by request (never stored in clear)',
  }),
  provider: providerWord,
  status: statusWord,
  request_id: z.string().nullable(),
  channel: channel.nullable(),
  events: z.array(event),
  delivery_status: deliveryStatus,
  fallback_at: fallbackAt,
});

export const requestData = z.object({
  request_id: z.string(),
  to: z.string().meta({ description: 'Masked, e.g. +91******3210' }),
  channel,
  channel_used: channel
    .nullable()
    .meta({ description: 'the channel now carrying the code (sms after any fallback)' }),
  provider: providerWord.nullable(),
  mock: z.boolean(),
  code_origin: z
    .enum(['server', 'caller'])
    .meta({ description: 'caller: a backend chose the code; it never verifies on the public route' }),
  purpose: z.string().nullable(),
  state: z.enum(['pending', 'verified', 'superseded', 'failed', 'expired', 'locked']),
  attempts_left: z.number().int(),
  created_at: z.string(),
  expires_at: z.string(),
  verified_at: z.string().nullable(),
  delivery_status: deliveryStatus,
  fallback_at: fallbackAt,
  delivery: deliveryData.nullable(),
  send_attempts: z.array(
    z.object({
      channel,
      provider: providerWord,
      status: attemptStatusWord,
      error_code: z.string().nullable(),
      at: z.string(),
      reason: z.enum(ATTEMPT_REASONS).nullable().meta({
        description:
          'why this provider was tried: failover / breaker_open (SMS routing), fallback (WhatsApp refused at once), receipt_failed / delivery_timeout (a late SMS fallback after WhatsApp failed or stayed silent); null for the first choice',
      }),
    }),
  ),
});

export const errorEnvelope = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string().meta({ example: 'RATE_LIMITED' }),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
  message: z.string(),
});

export const okEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, message: z.string() });
