import twilio from 'twilio';

/** The form fields Twilio signed, as a urlencoded body parser hands them over. */
export type TwilioSignedParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Checks `X-Twilio-Signature` with the SDK's own `validateRequest` (HMAC-SHA1 of the URL Twilio called
 * plus the sorted form fields, keyed by the auth token; the SDK compares in constant time and tries the
 * URL with and without its default port). Never throws: a URL the SDK cannot read is simply not valid.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: TwilioSignedParams,
): boolean {
  if (signature === undefined || signature === '') return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    return false;
  }
}
