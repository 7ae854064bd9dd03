export type FakeProviderName = 'twilio' | 'whatsapp';

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

export type FakeMessage = TwilioFakeMessage | WhatsAppFakeMessage;

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
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly remotePort: number;
}
