/**
 * Error codes Twilio puts in a status callback (`ErrorCode`) when a message ends `undelivered` or
 * `failed` after it was accepted, from Twilio's error dictionary (https://www.twilio.com/docs/api/errors,
 * one page per code, e.g. /docs/api/errors/30003). Used to explain failures on the operations view.
 */
export const TWILIO_DELIVERY_ERRORS: Readonly<Record<number, string>> = {
  30001: 'queue overflow: too many messages queued for this sender',
  30002: 'the Twilio account is suspended',
  30003: 'unreachable destination handset (switched off, out of coverage, or the SIM is inactive)',
  30004: 'message blocked by the recipient or their carrier',
  30005: 'unknown destination handset: the number does not exist or is no longer in service',
  30006: 'landline or unreachable carrier',
  30007: 'message filtered by the carrier (content or sender not allowed)',
  30008: 'unknown error reported by the carrier',
  30009: 'missing segment: a part of a long message did not arrive',
  30010: 'the message price exceeds the maximum price set for it',
};
