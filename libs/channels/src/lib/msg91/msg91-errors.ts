import { ProviderHttpError } from '../http/provider-http';
import {
  credentialsRule as credentials,
  failureFromRule,
  failureFromThrown,
  rejectedRule as rejected,
  unavailableRule as unavailable,
  type Failure,
  type FailureContext,
  type FailureRule,
} from '../provider-failure';

/** SMS is the last channel, so no MSG91 failure falls back to another channel (routing fails over). */
const CONTEXT: FailureContext = { provider: 'msg91', label: 'MSG91', fallbackEligible: false };
const KEY = 'MSG91_AUTH_KEY';
const SENDER = 'MSG91_SENDER_ID';
const TEMPLATE = 'MSG91_TEMPLATE_ID (and its DLT mapping in the MSG91 panel)';
const ACCOUNT = 'the MSG91 account (balance, status)';
const IPS = "the auth key's whitelisted IPs in the MSG91 panel";

/**
 * MSG91 error codes (`{"type": "error", "code": "…", "message": "…"}`), from its API error-code table
 * (api.msg91.com/apidoc, msg91.com/help "Billing and Tech Alerts"). Configuration and account problems
 * are `credentials`: SMS routing fails over to the next provider and an operator is told what to fix.
 */
export const MSG91_ERROR_RULES: Readonly<Record<number, FailureRule>> = {
  101: rejected('MSG91 found no mobile number in the request'),
  102: credentials('the MSG91 template produced no message', TEMPLATE),
  103: credentials('MSG91 found no sender ID', SENDER),
  106: credentials('MSG91 found no auth key', KEY),
  107: credentials('MSG91 found no route for the message', TEMPLATE),
  202: rejected('the number is not a valid mobile number'),
  203: credentials('MSG91 refused the sender ID or the DLT entity ID', SENDER),
  207: credentials('MSG91 refused the auth key', KEY),
  208: credentials("MSG91 blacklisted this server's IP", IPS),
  209: unavailable('MSG91 could not route the message'),
  210: unavailable('MSG91 could not route the message'),
  301: credentials('the MSG91 account has no balance left', ACCOUNT),
  302: credentials('the MSG91 account has expired', ACCOUNT),
  303: credentials('the MSG91 account is banned', ACCOUNT),
  306: unavailable('the MSG91 route is unavailable at the moment'),
  310: credentials('the SMS is too long for the MSG91 template', TEMPLATE),
  311: rejected('MSG91 discarded a repeat of a message sent seconds ago'),
  418: credentials("MSG91 refused this server's IP (not whitelisted)", IPS),
  505: credentials('the MSG91 account is a demo account', ACCOUNT),
};

/** An error without a documented code: by its words first (MSG91 often answers words only), then by HTTP status. */
function ruleFor(status: number, message: string): FailureRule {
  if (status === 401 || status === 403 || /auth/i.test(message)) {
    return credentials('MSG91 refused the auth key', KEY);
  }
  if (status === 404) return credentials('MSG91 has no such API; check the URL', 'MSG91_API_URL');
  if (status === 408 || status === 429) return unavailable('MSG91 is throttling requests');
  if (status >= 500) return unavailable('MSG91 is temporarily unavailable');
  if (/template|flow/i.test(message)) return credentials('MSG91 refused the template', TEMPLATE);
  if (/sender/i.test(message)) return credentials('MSG91 refused the sender ID', SENDER);
  if (/mobile|number/i.test(message)) return rejected('MSG91 refused the number');
  return rejected('MSG91 refused the message');
}

/** `{type: "error", message, code}`: the code as a number when there is one, and the words. */
function msg91Error(body: unknown): { code: number | null; message: string } {
  if (typeof body !== 'object' || body === null) return { code: null, message: '' };
  const { code, message } = body as { code?: unknown; message?: unknown };
  const numeric =
    typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : null;
  return { code: numeric, message: typeof message === 'string' ? message : '' };
}

/** Maps whatever an MSG91 call threw to a classified failure (see README: error table). */
export function classifyMsg91Error(thrown: unknown): Failure {
  if (!(thrown instanceof ProviderHttpError)) return failureFromThrown(CONTEXT, thrown);
  const { code, message } = msg91Error(thrown.body);
  const known = code === null ? undefined : MSG91_ERROR_RULES[code];
  // A 5xx or 429 is an outage whatever the body says; a documented code decides everything else.
  const rule =
    thrown.status >= 500 || thrown.status === 429
      ? ruleFor(thrown.status, '')
      : (known ?? ruleFor(thrown.status, message));
  return failureFromRule(CONTEXT, rule, code === null ? null : String(code), thrown.retryAfterMs);
}
