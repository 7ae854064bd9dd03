import { z } from 'zod';
import { AUDIT_ACTIONS } from '@agent-mitra/store';

/** A time as ISO 8601 (`2026-11-30T10:00:00Z`) or Unix milliseconds; Unix ms out. */
const instant = z
  .string()
  .refine((value) => /^\d{1,15}$/.test(value) || !Number.isNaN(Date.parse(value)), {
    message: 'an ISO 8601 time or Unix milliseconds',
  })
  .transform((value) => (/^\d+$/.test(value) ? Number(value) : Date.parse(value)))
  .meta({ example: '2026-11-30T10:00:00Z' });

/**
 * `GET /api/v1/admin/audit` query (DESIGN §9). Every filter is optional; a key that is not listed, or
 * given twice, is refused (a typo must not widen the listing to everything).
 */
export const auditQuery = z.strictObject({
  from: instant.optional().meta({ description: 'rows at or after this time' }),
  to: instant.optional().meta({ description: 'rows before this time' }),
  phone: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'E.164; looked up by its keyed hash', example: '+919876543210' }),
  request_id: z
    .string()
    .regex(/^[\w.:+/=-]{1,64}$/, 'not a valid id')
    .optional(),
  outcome: z
    .string()
    .regex(/^[a-z_]{1,32}$/, 'a word such as sent, refused, approved, invalid_code')
    .optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'a number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1, 'at least 1').max(500, 'at most 500'))
    .optional()
    .meta({ description: 'rows per page (default 50, at most 500)' }),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'the next_cursor of the previous page')
    .transform(Number)
    .optional(),
});

const auditEntry = z.object({
  id: z.number().int(),
  at: z.string().meta({ format: 'date-time' }),
  action: z.enum(AUDIT_ACTIONS),
  request_id: z.string().nullable(),
  channel: z.enum(['sms', 'whatsapp']).nullable(),
  provider: z.enum(['mock', 'twilio', 'whatsapp', 'msg91']).nullable(),
  outcome: z.string(),
  detail: z.string().nullable().meta({ description: 'the refusal kind, error code or route' }),
  caller: z.object({
    kind: z.enum(['public', 'backend', 'grpc', 'webhook', 'admin', 'duty']),
    id: z
      .string()
      .nullable()
      .meta({ description: 'non-secret id of the key or token; the provider; the duty (late-fallback)' }),
  }),
  client_ip_hash: z.string().nullable(),
  phone_masked: z.string().nullable(),
  phone_hash: z.string().nullable(),
  country: z.string().nullable(),
});

export const auditData = z.object({
  entries: z.array(auditEntry).meta({ description: 'newest first' }),
  next_cursor: z.string().nullable().meta({ description: 'give it as cursor for the next page' }),
});
