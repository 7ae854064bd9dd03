/**
 * Error bodies shaped like the real APIs' (Twilio's legacy 2010 API and the Graph API), for the fakes
 * and for tests that script a failure with `failNext`.
 */

export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

/** `{code, message, more_info, status}`, as api.twilio.com/2010-04-01 answers an error. */
export function twilioErrorBody(code: number, status: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export interface GraphErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_subcode?: number;
    readonly error_data?: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly fbtrace_id: string;
  };
}

export interface GraphErrorExtras {
  readonly type?: string;
  readonly subcode?: number;
  readonly details?: string;
}

/** `{error: {message, type, code, error_data, error_subcode, fbtrace_id}}`, as graph.facebook.com answers. */
export function graphErrorBody(code: number, message: string, extras: GraphErrorExtras = {}): GraphErrorBody {
  return {
    error: {
      message,
      type: extras.type ?? 'OAuthException',
      code,
      ...(extras.subcode === undefined ? {} : { error_subcode: extras.subcode }),
      ...(extras.details === undefined
        ? {}
        : { error_data: { messaging_product: 'whatsapp', details: extras.details } }),
      fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUvW',
    },
  };
}

export interface Msg91ErrorBody {
  readonly type: 'error';
  readonly message: string;
  readonly code?: string;
}

/** `{type: "error", message, code}`, as MSG91's v5 APIs answer an error (the code is a string, when given). */
export function msg91ErrorBody(message: string, code?: string): Msg91ErrorBody {
  return { type: 'error', message, ...(code === undefined ? {} : { code }) };
}
