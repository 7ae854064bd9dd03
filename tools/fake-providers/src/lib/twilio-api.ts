import { randomBytes } from 'node:crypto';
import { twilioErrorBody } from './error-bodies';
import type { Answer, IncomingCall, TwilioFakeMessage } from './types';

export interface TwilioCredentials {
  readonly accountSid: string;
  readonly authToken: string;
}

export const TWILIO_MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function fail(status: number, code: number, message: string): Answer {
  return { status, body: twilioErrorBody(code, status, message) };
}

/** HTTP Basic auth with the account SID and auth token, checked like api.twilio.com does (401, 20003). */
function authenticated(call: IncomingCall, credentials: TwilioCredentials): boolean {
  const header = call.headers['authorization'];
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  return decoded === `${credentials.accountSid}:${credentials.authToken}`;
}

/** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`: checks auth and fields, answers 201 like Twilio. */
export function answerTwilio(
  call: IncomingCall,
  credentials: TwilioCredentials,
  record: (message: TwilioFakeMessage) => void,
): Answer {
  if (!authenticated(call, credentials)) {
    const body = twilioErrorBody(20003, 401, 'Authenticate');
    return { status: 401, body, headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } };
  }
  const sid = TWILIO_MESSAGES_PATH.exec(call.path)?.[1];
  if (sid !== credentials.accountSid)
    return fail(404, 20404, `The requested resource ${call.path} was not found`);
  const params = Object.fromEntries(new URLSearchParams(call.body));
  const { To: to, From: from, MessagingServiceSid: service, Body: body } = params;
  if (!to) return fail(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return fail(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from && !service)
    return fail(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  if (!body) return fail(400, 21602, 'Message body is required.');
  const message: TwilioFakeMessage = {
    provider: 'twilio',
    sid: `SM${randomBytes(16).toString('hex')}`,
    to,
    from: from ?? null,
    messagingServiceSid: service ?? null,
    body,
    statusCallback: params['StatusCallback'] ?? null,
    validityPeriod: params['ValidityPeriod'] === undefined ? null : Number(params['ValidityPeriod']),
    code: /\b(\d{4,10})\b/.exec(body)?.[1] ?? null,
    params,
    remotePort: call.remotePort,
  };
  record(message);
  return { status: 201, body: messageResource(message, credentials.accountSid) };
}

/** The Message resource as Twilio answers a create: with a Messaging Service the status is `accepted`. */
function messageResource(message: TwilioFakeMessage, accountSid: string) {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.messagingServiceSid ? null : message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.messagingServiceSid ? 'accepted' : 'queued',
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}
