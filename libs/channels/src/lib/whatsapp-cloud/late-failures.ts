/**
 * What a `failed` status webhook means for a WhatsApp OTP that Graph had accepted (issue 11, DESIGN §5):
 * whether SMS may still carry the code. Meta, "WhatsApp Cloud API error codes"
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes): most failures after
 * acceptance are about the recipient's WhatsApp (no account, an old app, Meta's engagement limits or
 * experiments) or our sender (limits, template, payment), and SMS cures all of them. The one kind that
 * must not be worked around is a refusal the user asked for.
 */
export interface LateFailureRule {
  /** True when the code may still go out by SMS. */
  readonly fallBack: boolean;
  /** Meta's meaning, in our words (for docs and logs; never shown with the number). */
  readonly meaning: string;
}

const FALL_BACK = (meaning: string): LateFailureRule => ({ fallBack: true, meaning });
const USER_REFUSED = (meaning: string): LateFailureRule => ({ fallBack: false, meaning });

/**
 * The documented codes of a `failed` status (`statuses[].errors[].code`). Codes not listed fall back
 * too: a new reason Meta adds is far more likely an undeliverable message than a user's refusal.
 */
export const LATE_FAILURE_RULES: Readonly<Record<number, LateFailureRule>> = {
  131026: FALL_BACK('undeliverable: not a WhatsApp user, an old app, or terms of service not accepted'),
  131049: FALL_BACK('not delivered to keep the ecosystem engaged (per-user limit on business messages)'),
  130472: FALL_BACK("the number is in Meta's experiment group and gets no such messages"),
  131047: FALL_BACK('the 24-hour conversation window is closed'),
  131000: FALL_BACK('something went wrong sending it'),
  131016: FALL_BACK('WhatsApp was unavailable'),
  131048: FALL_BACK('the sender is limited for spam reports'),
  131056: FALL_BACK('too many messages from this sender to this number just now'),
  131051: FALL_BACK('unsupported message type'),
  131042: FALL_BACK('a payment problem on the WhatsApp Business Account'),
  131031: FALL_BACK('the WhatsApp Business Account is locked'),
  132000: FALL_BACK('the template got the wrong number of parameters'),
  132001: FALL_BACK('the template does not exist in this language'),
  132015: FALL_BACK('the template is paused for low quality'),
  132016: FALL_BACK('the template is disabled'),
  131050: USER_REFUSED('the user stopped marketing messages from this business'),
};

/**
 * True when a WhatsApp message that failed after acceptance with `errorCode` (Meta's code as text, or
 * null when the webhook carried none) may fall back to SMS: every code but the refusals users made
 * themselves (131050).
 */
export function lateFailureFallsBack(errorCode: string | null): boolean {
  if (errorCode === null || !/^\d{1,9}$/.test(errorCode)) return true;
  return LATE_FAILURE_RULES[Number(errorCode)]?.fallBack ?? true;
}
