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

/** SMS can deliver whatever WhatsApp could not, so every WhatsApp failure may fall back (if the request allows). */
const CONTEXT: FailureContext = { provider: 'whatsapp', label: 'WhatsApp', fallbackEligible: true };
const TOKEN = 'WHATSAPP_ACCESS_TOKEN';
const PHONE_NUMBER_ID = 'WHATSAPP_PHONE_NUMBER_ID';
const ACCOUNT = 'the WhatsApp Business Account (WhatsApp Manager)';

const THROTTLED = unavailable('WhatsApp is throttling requests');
const DOWN = unavailable('WhatsApp is temporarily unavailable');
const TEMPLATE = (problem: string) => rejected(`the WhatsApp OTP template ${problem}`);

/**
 * Graph / Cloud API error codes we act on (`error.code`; Meta, "WhatsApp error codes",
 * https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). Codes 200–299 are
 * permission errors too. Retried only when Meta says the message was not taken: rate limits, 2 "API
 * Service" (downtime, overload), 131000 ("message failed to send"), 131016 and 133004 (service
 * unavailable). 1 "API Unknown" ("invalid request or possible server error") leaves it open: `unknown`.
 */
export const GRAPH_ERROR_RULES: Readonly<Record<number, FailureRule>> = {
  0: credentials('WhatsApp refused the access token', TOKEN),
  3: credentials('the WhatsApp app lacks a capability or permission', TOKEN),
  10: credentials('the WhatsApp access token lacks a permission', TOKEN),
  190: credentials('the WhatsApp access token is expired or invalid', TOKEN),
  368: credentials('the WhatsApp Business Account is blocked for a policy violation', ACCOUNT),
  131031: credentials('the WhatsApp Business Account is locked', ACCOUNT),
  131042: credentials('the WhatsApp Business Account has a payment problem', ACCOUNT),
  133010: credentials('the WhatsApp sender number is not registered', PHONE_NUMBER_ID),
  1: unknown('WhatsApp answered with an unknown error; the message may have been accepted'),
  2: DOWN,
  4: THROTTLED,
  17: THROTTLED,
  32: THROTTLED,
  613: THROTTLED,
  80007: THROTTLED,
  130429: THROTTLED,
  131056: unavailable('too many WhatsApp messages to this number just now'),
  131000: DOWN,
  131016: DOWN,
  133004: DOWN,
  100: rejected('WhatsApp refused a parameter of the message'),
  130472: rejected("WhatsApp held the message back (the number is in Meta's experiment)"),
  130497: rejected('WhatsApp does not allow messages to this country from this account'),
  131008: rejected('WhatsApp found a required parameter missing'),
  131009: rejected('WhatsApp refused a parameter value'),
  131021: rejected('the number is the sender itself'),
  131026: rejected('the number cannot receive this WhatsApp message (not a WhatsApp user, or an old app)'),
  131047: rejected('the WhatsApp conversation window is closed'),
  131048: rejected('WhatsApp limited this sender for spam reports'),
  131049: rejected('WhatsApp chose not to deliver the message'),
  131051: rejected('WhatsApp does not support this message type'),
  132000: TEMPLATE('got the wrong number of parameters'),
  132001: TEMPLATE('does not exist in this language'),
  132005: TEMPLATE('text is too long once filled in'),
  132007: TEMPLATE('breaks a WhatsApp formatting policy'),
  132012: TEMPLATE('got a parameter in the wrong format'),
  132015: TEMPLATE('is paused for low quality'),
  132016: TEMPLATE('is disabled'),
};

const WRONG_PHONE_NUMBER_ID = credentials(
  'WhatsApp does not know the sender phone number id',
  PHONE_NUMBER_ID,
);
const PERMISSION = credentials('the WhatsApp access token lacks a permission', TOKEN);

/** By code first; then by HTTP status: 408, 429 and 503 are retried, any other 5xx is `unknown`. */
function ruleFor(code: number | null, subcode: number | null, status: number): FailureRule {
  if (code === 100 && subcode === 33) return WRONG_PHONE_NUMBER_ID; // "Object with ID … does not exist"
  if (code !== null && code >= 200 && code <= 299) return PERMISSION;
  const known = code === null ? undefined : GRAPH_ERROR_RULES[code];
  if (known) return known;
  if (status === 401 || status === 403) return credentials('WhatsApp refused the access token', TOKEN);
  if (status === 408 || status === 429) return THROTTLED;
  if (status === 503) return DOWN;
  if (status >= 500) return unknown(`WhatsApp answered HTTP ${status}; the message may have been accepted`);
  return rejected('WhatsApp refused the message');
}

/** `{error: {message, type, code, error_subcode, error_data, fbtrace_id}}`; anything else has no codes. */
function graphCodes(body: unknown): { code: number | null; subcode: number | null } {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== 'object' || error === null) return { code: null, subcode: null };
  const { code, error_subcode: subcode } = error as { code?: unknown; error_subcode?: unknown };
  return {
    code: typeof code === 'number' ? code : null,
    subcode: typeof subcode === 'number' ? subcode : null,
  };
}

/** Maps whatever a Graph call threw to a classified failure (see README: error table). */
export function classifyGraphError(thrown: unknown): Failure {
  if (!(thrown instanceof ProviderHttpError)) return failureFromThrown(CONTEXT, thrown);
  const { code, subcode } = graphCodes(thrown.body);
  return failureFromRule(
    CONTEXT,
    ruleFor(code, subcode, thrown.status),
    code === null ? null : String(code),
    thrown.retryAfterMs,
  );
}
