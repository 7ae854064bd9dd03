/** The OTP button of an AUTHENTICATION template (WHATSAPP_OTP_BUTTON). */
export type OtpButtonType = 'copy_code' | 'one_tap' | 'zero_tap';

/** What the template says and does, the same in every language. */
export interface AuthTemplateSpec {
  /** WHATSAPP_TEMPLATE_NAME: lowercase letters, digits and `_`. */
  readonly name: string;
  /** Template language codes (`en`, `hi`, `en_US`), one template translation each. */
  readonly languages: readonly string[];
  readonly otpButton: OtpButtonType;
  /** From OTP_TTL_SECONDS: "This code expires in N minutes." (Meta allows 1–90). */
  readonly codeExpirationMinutes: number;
  /** From OTP_TTL_SECONDS: WhatsApp drops the message if it cannot deliver it in time (30–900 s). */
  readonly messageSendTtlSeconds: number;
  /** "For your security, do not share this code." */
  readonly addSecurityRecommendation: boolean;
  /** One-tap and zero-tap: the Android app the code is handed to (package name, app signing key hash). */
  readonly supportedApps?: readonly { readonly packageName: string; readonly signatureHash: string }[];
  /** Zero-tap: the business accepted Meta's zero-tap terms (WHATSAPP_ZERO_TAP_TERMS_ACCEPTED). */
  readonly zeroTapTermsAccepted?: boolean;
}

/** Meta's limits on the two numbers, so a TTL outside them fails here with a clear message. */
export function authTemplateTimes(ttlSeconds: number): {
  codeExpirationMinutes: number;
  messageSendTtlSeconds: number;
} {
  const minutes = Math.max(1, Math.round(ttlSeconds / 60));
  if (minutes > 90)
    throw new Error(`OTP_TTL_SECONDS=${ttlSeconds}: WhatsApp shows code expiry only up to 90 minutes`);
  return {
    codeExpirationMinutes: minutes,
    messageSendTtlSeconds: Math.min(900, Math.max(30, Math.round(ttlSeconds))),
  };
}

function otpButton(spec: AuthTemplateSpec) {
  if (spec.otpButton === 'copy_code') return { type: 'OTP', otp_type: 'COPY_CODE' };
  const apps = spec.supportedApps ?? [];
  if (apps.length === 0)
    throw new Error(`${spec.otpButton} needs OTP_ANDROID_PACKAGE_NAME and OTP_ANDROID_APP_HASH`);
  const supported_apps = apps.map((app) => ({
    package_name: app.packageName,
    signature_hash: app.signatureHash,
  }));
  if (spec.otpButton === 'one_tap') return { type: 'OTP', otp_type: 'ONE_TAP', supported_apps };
  if (!spec.zeroTapTermsAccepted) {
    throw new Error(
      "zero_tap needs WHATSAPP_ZERO_TAP_TERMS_ACCEPTED=true (you accept Meta's zero-tap terms)",
    );
  }
  return { type: 'OTP', otp_type: 'ZERO_TAP', zero_tap_terms_accepted: true, supported_apps };
}

/**
 * The components of the AUTHENTICATION template (developers.facebook.com, "Authentication templates"):
 * Meta presets the body text (`*{{1}}* is your verification code.`, translated), so the body only says
 * whether to add the security recommendation; the footer says when the code expires; the one OTP
 * button copies the code, or hands it to the app (one-tap, zero-tap: `supported_apps`). Button labels
 * are left to Meta, so each language gets its own. Throws when the spec cannot make a valid template.
 */
export function authTemplateComponents(spec: AuthTemplateSpec) {
  return [
    { type: 'BODY', add_security_recommendation: spec.addSecurityRecommendation },
    { type: 'FOOTER', code_expiration_minutes: spec.codeExpirationMinutes },
    { type: 'BUTTONS', buttons: [otpButton(spec)] },
  ];
}

/** `POST /{waba-id}/message_templates` body for one language. */
export function authTemplateCreateBody(spec: AuthTemplateSpec, language: string) {
  return {
    name: spec.name,
    language,
    category: 'AUTHENTICATION',
    message_send_ttl_seconds: spec.messageSendTtlSeconds,
    components: authTemplateComponents(spec),
  };
}

/** `POST /{template-id}` body: what an edit may change (name, language and category stay). */
export function authTemplateUpdateBody(spec: AuthTemplateSpec) {
  return { message_send_ttl_seconds: spec.messageSendTtlSeconds, components: authTemplateComponents(spec) };
}
