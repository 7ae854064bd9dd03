// What Meta refuses in an AUTHENTICATION template, for the fake message-template endpoints.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : '');

/**
 * The parts of an AUTHENTICATION template Meta lets a business set ("Authentication templates",
 * developers.facebook.com): BODY `add_security_recommendation`, FOOTER `code_expiration_minutes`
 * (1–90), one OTP button `copy_code` / `one_tap` / `zero_tap` (the last two with `supported_apps` —
 * or the older `package_name` + `signature_hash` — and zero-tap with `zero_tap_terms_accepted`), and
 * `message_send_ttl_seconds` 30–900. The body text is preset by Meta, so none may be sent.
 */
export function checkAuthentication(ttl: unknown, components: unknown): string | null {
  if (ttl !== undefined && (typeof ttl !== 'number' || ttl < 30 || ttl > 900)) {
    return 'message_send_ttl_seconds must be 30 to 900 for authentication templates';
  }
  if (!Array.isArray(components) || !components.every(isObject)) return 'components must be a list';
  for (const component of components as Json[]) {
    const type = lower(component['type']);
    if (type === 'body') {
      if ('text' in component) return 'authentication templates have a preset body text';
      const security = component['add_security_recommendation'];
      if (security !== undefined && typeof security !== 'boolean')
        return 'add_security_recommendation must be a boolean';
    } else if (type === 'footer') {
      const minutes = component['code_expiration_minutes'];
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90) {
        return 'code_expiration_minutes must be a whole number from 1 to 90';
      }
    } else if (type === 'buttons') {
      const problem = checkButtons(component['buttons']);
      if (problem) return problem;
    } else return `unknown component type ${String(component['type'])}`;
  }
  if (!(components as Json[]).some((c) => lower(c['type']) === 'buttons')) return 'an OTP button is required';
  return null;
}

function checkButtons(buttons: unknown): string | null {
  if (!Array.isArray(buttons) || buttons.length !== 1 || !isObject(buttons[0]))
    return 'exactly one OTP button';
  const button = buttons[0];
  const otpType = lower(button['otp_type']);
  if (lower(button['type']) !== 'otp') return 'the button must be of type OTP';
  if (!['copy_code', 'one_tap', 'zero_tap'].includes(otpType))
    return `unknown otp_type ${String(button['otp_type'])}`;
  if (otpType === 'copy_code') return null;
  const apps = Array.isArray(button['supported_apps'])
    ? button['supported_apps']
    : button['package_name'] !== undefined
      ? [{ package_name: button['package_name'], signature_hash: button['signature_hash'] }]
      : [];
  const valid = (app: unknown) =>
    isObject(app) &&
    typeof app['package_name'] === 'string' &&
    typeof app['signature_hash'] === 'string' &&
    /^[A-Za-z0-9+/]{11}$/.test(app['signature_hash']);
  if (apps.length < 1 || apps.length > 5 || !apps.every(valid)) {
    return `${otpType} needs supported_apps: 1 to 5 {package_name, signature_hash (11 characters)}`;
  }
  if (otpType === 'zero_tap' && button['zero_tap_terms_accepted'] !== true) {
    return 'zero_tap needs zero_tap_terms_accepted: true';
  }
  return null;
}
