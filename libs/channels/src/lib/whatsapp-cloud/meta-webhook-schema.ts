import { z } from 'zod';

// The parts of Meta's `messages` webhook (WhatsApp Cloud API) that delivery tracking reads. Objects drop
// unknown keys, so nothing we did not ask for (message text, contact names, numbers) is ever kept.

const text = z.string().max(2048);
const metaError = z.object({
  code: z.union([z.number(), z.string()]).optional(),
  title: text.optional(),
  message: text.optional(),
  error_data: z.object({ details: text.optional() }).optional(),
});

/** One `statuses[]` object; unknown keys are dropped, so nothing we did not ask for is ever kept. */
export const metaStatusSchema = z.object({
  id: z.string().min(1).max(256),
  status: z.string().min(1).max(64),
  timestamp: z.union([z.string().max(32), z.number()]).optional(),
  recipient_id: z.string().max(64).optional(),
  errors: z.array(metaError).max(20).optional(),
  conversation: z
    .object({ id: text.optional(), origin: z.object({ type: text.optional() }).optional() })
    .optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      category: text.optional(),
      pricing_model: text.optional(),
      type: text.optional(),
    })
    .optional(),
});
export type MetaStatus = z.infer<typeof metaStatusSchema>;

/** The envelope: `entry[].changes[].value` with `statuses` (receipts) and/or `messages` (inbound). */
export const metaEnvelopeSchema = z.object({
  entry: z.array(
    z.object({
      changes: z
        .array(
          z.object({
            value: z
              .object({
                metadata: z.object({ phone_number_id: text.optional() }).optional(),
                statuses: z.array(z.unknown()).optional(),
                messages: z.array(z.unknown()).optional(),
              })
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});
