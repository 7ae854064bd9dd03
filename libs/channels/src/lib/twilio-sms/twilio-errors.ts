import { ProviderHttpError } from '../http/provider-http';
import {
  credentialsRule as credentials,
  failureFromRule,
  failureFromThrown,
  rejectedRule as rejected,
  unavailableRule as unavailable,
  unknownRule as unknown,
  type Failure,
  type FailureContext,
  type FailureRule,
} from '../provider-failure';

const CONTEXT: FailureContext = { provider: 'twilio', label: 'Twilio', fallbackEligible: false };
const TOKEN = 'TWILIO_AUTH_TOKEN';
const ACCOUNT = 'TWILIO_ACCOUNT_SID';
const SENDER = 'TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID';

/**
 * Twilio error codes we act on (https://www.twilio.com/docs/api/errors). SMS is the last channel, so
 * nothing is fallback-eligible. `rejected` is never retried: the same request would be refused again.
 * Only answers saying the message was not taken are retried (throttling, 20503 "Service unavailable");
 * 20500 "Internal server error" does not say whether the message was created, so it is `unknown`.
 */
export const TWILIO_ERROR_RULES: Readonly<Record<number, FailureRule>> = {
  20003: credentials('Twilio refused the account credentials', TOKEN),
  20005: credentials('the Twilio account is not active', ACCOUNT),
  20404: credentials('Twilio does not know this account', ACCOUNT),
  20429: unavailable('Twilio is throttling requests'),
  20500: unknown('Twilio had an internal error; the message may have been created'),
  20503: unavailable('Twilio is temporarily unavailable'),
  21211: rejected('the number is not a valid phone number'),
  21212: credentials('the SMS sender is not valid', SENDER),
  21265: rejected('the number is a short code'),
  21408: rejected('SMS to this country is not enabled on the Twilio account'),
  21603: credentials('no SMS sender is configured', SENDER),
  21606: credentials('the SMS sender cannot send to this destination', SENDER),
  21608: rejected('the number is not verified on this Twilio trial account'),
  21610: rejected('the recipient has opted out of SMS from this sender'),
  21611: unavailable("the SMS sender's queue is full"),
  21612: rejected('the number cannot be reached by SMS from this sender'),
  21614: rejected('the number is not a mobile number that can receive SMS'),
  21635: rejected('the number is a landline'),
};

/**
 * When the body has no code we know: by HTTP status. 408 (the server gave up waiting for our request),
 * 429 and 503 say the request was not taken and are retried; any other 5xx (500, 502 from a gateway,
 * 504 while Twilio may still be working on it) leaves it open: `unknown`.
 */
function ruleForStatus(status: number): FailureRule {
  if (status === 401 || status === 403) return credentials('Twilio refused the account credentials', TOKEN);
  if (status === 404)
    return credentials('Twilio does not know this account or API URL', `${ACCOUNT} or TWILIO_API_URL`);
  if (status === 408 || status === 429) return unavailable('Twilio is throttling requests');
  if (status === 503) return unavailable('Twilio is temporarily unavailable');
  if (status >= 500) return unknown(`Twilio answered HTTP ${status}; the message may have been created`);
  return rejected('Twilio refused the message');
}

/** `{code, message, more_info, status}` (2010 API), or `{errors: [{code}]}` (newer APIs). */
function twilioCode(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const { code, errors } = body as { code?: unknown; errors?: unknown };
  if (typeof code === 'number') return code;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const nested = typeof first === 'object' && first !== null ? (first as { code?: unknown }).code : undefined;
  return typeof nested === 'number' ? nested : null;
}

/** Maps whatever a Twilio call threw to a classified failure (see README: error table). */
export function classifyTwilioError(thrown: unknown): Failure {
  if (!(thrown instanceof ProviderHttpError)) return failureFromThrown(CONTEXT, thrown);
  const code = twilioCode(thrown.body);
  const rule = (code === null ? undefined : TWILIO_ERROR_RULES[code]) ?? ruleForStatus(thrown.status);
  return failureFromRule(CONTEXT, rule, code === null ? null : String(code), thrown.retryAfterMs);
}
