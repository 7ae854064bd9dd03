import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import type { WebhookDeps } from './deps';

type WebhookSecretName =
  'WHATSAPP_WEBHOOK_SECRET' | 'WHATSAPP_VERIFY_TOKEN' | 'TWILIO_AUTH_TOKEN' | 'MSG91_WEBHOOK_SECRET';

/**
 * The secret a receiver may trust, or null. Config only requires these secrets in production when the
 * matching provider is configured (or the variable is set), and refuses a published development default
 * that is set explicitly; so in production a default here means the variable is not set: that provider's
 * receipts are not expected, and the receiver refuses every call (a default would let anyone forge
 * them). Said once, at info level: it is the normal state of a provider nobody configured.
 */
export function trustedSecret(
  deps: Pick<WebhookDeps, 'config' | 'logger'>,
  name: WebhookSecretName,
  value: string,
): string | null {
  if (!deps.config.isProduction || value !== DEV_DEFAULT_SECRETS[name]) return value;
  deps.logger.info({ variable: name }, 'receiver off: its secret is not set, so every call is refused');
  return null;
}
