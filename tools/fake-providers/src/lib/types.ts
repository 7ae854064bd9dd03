export type FakeProviderName = 'twilio' | 'whatsapp' | 'msg91' | 'whatsapp_templates';

/** An SMS as Twilio's fake received it: what the phone would show, and every form field sent. */
export interface TwilioFakeMessage {
  readonly provider: 'twilio';
  readonly sid: string;
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly statusCallback: string | null;
  readonly validityPeriod: number | null;
  /** The first run of 4–10 digits in the text: what the user would type. */
  readonly code: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly remotePort: number;
}

export interface FakeTemplate {
  readonly name: string;
  readonly language: string;
  /** The body component's parameters and the copy-code button's, as text. */
  readonly bodyParameters: readonly string[];
  readonly buttonParameters: readonly string[];
}

/** A WhatsApp message as the Graph fake received it, with the raw JSON payload. */
export interface WhatsAppFakeMessage {
  readonly provider: 'whatsapp';
  readonly id: string;
  readonly to: string;
  readonly type: string;
  readonly template: FakeTemplate | null;
  /** The template's first body parameter: the code of an AUTHENTICATION template. */
  readonly code: string | null;
  readonly payload: unknown;
  readonly remotePort: number;
}

/** An SMS as MSG91's fake received it: the template, its variables, and the text they make. */
export interface Msg91FakeMessage {
  readonly provider: 'msg91';
  /** The request id answered: the message id of the send and of its delivery reports. */
  readonly requestId: string;
  /** `+` and the `mobiles` digits. */
  readonly to: string;
  readonly templateId: string;
  readonly sender: string | null;
  /** `var1`, `var2`, … as sent. */
  readonly variables: Readonly<Record<string, string>>;
  /** The template's text with the variables filled (null when the fake has no text for the template). */
  readonly text: string | null;
  readonly code: string | null;
  readonly payload: unknown;
  readonly remotePort: number;
}

export type FakeMessage = TwilioFakeMessage | WhatsAppFakeMessage | Msg91FakeMessage;

/** Every request the fakes answered, including refused ones: tests count retries with it. */
export interface FakeRequest {
  readonly provider: FakeProviderName;
  readonly method: string;
  readonly path: string;
  /** HTTP status answered; 0 when the connection was reset on purpose. */
  readonly status: number;
  readonly remotePort: number;
}

/** A failure to answer instead of the normal response: an HTTP error, or a reset connection. */
export type ScriptedFailure =
  | {
      readonly provider: FakeProviderName;
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      /** How many requests in a row get this answer (default 1). */
      readonly times?: number;
    }
  | { readonly provider: FakeProviderName; readonly reset: true; readonly times?: number };

/** What a fake API decided to answer. */
export type Answer =
  | { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly reset: true };

/** One request as the fakes' router hands it to an API. */
export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  /** The query string, without `?`. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly remotePort: number;
}
