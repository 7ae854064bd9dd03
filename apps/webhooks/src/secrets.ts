import { DEV_DEFAULT_SECRETS } from '@agent-mitra/config';
import type { WebhookDeps } from './deps';

type WebhookSecretName =
  'WHATSAPP_WEBHOOK_SECRET' | 'WHATSAPP_VERIFY_TOKEN' | 'TWILIO_AUTH_TOKEN' | 'MSG91_WEBHOOK_SECRET';

/**
 * The secret a receiver may trust, or null. Config only requires these secrets in production when the
 * matching provider is configured for sending; a receiver left with the public development default would
 * accept receipts anyone can forge, so in production it refuses every call instead (and says so once).
 */
export function trustedSecret(
  deps: Pick<WebhookDeps, 'config' | 'logger'>,
  name: WebhookSecretName,
  value: string,
): string | null {
  if (!deps.config.isProduction || value !== DEV_DEFAULT_SECRETS[name]) return value;
  deps.logger.error(
    { variable: name },
    'development default secret in production: this receiver refuses every call',
  );
  return null;
}
