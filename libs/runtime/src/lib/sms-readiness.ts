import type { Config } from '@agent-mitra/config';
import { SMS_PROVIDERS, type SmsProviderName } from '@agent-mitra/contract';
import type { ReadinessReport } from './create-runtime';
import type { StoreCircuitBreakers } from './store-circuit-breakers';

/** Every SMS provider SMS_ROUTES names, in a stable order. */
export function routedProviders(config: Config): SmsProviderName[] {
  const named = new Set(config.sms.routes.flatMap((route) => route.providers));
  return SMS_PROVIDERS.filter((provider) => named.has(provider));
}

/** `/readyz` `checks.sms_providers`: configured or not, and the breaker as the shared store has it. */
export async function smsProviderChecks(
  config: Config,
  breakers: StoreCircuitBreakers,
  providers: readonly SmsProviderName[],
): Promise<ReadinessReport['checks']['sms_providers']> {
  const configured: Record<SmsProviderName, boolean> = {
    twilio: Boolean(
      config.twilio.accountSid && (config.twilio.phoneNumber || config.twilio.messagingServiceSid),
    ),
    msg91: Boolean(config.msg91.authKey && config.msg91.templateIds['EN']),
  };
  const views = await breakers.views(providers).catch(() => null);
  return Object.fromEntries(
    providers.map((provider) => {
      const view = views?.find((v) => v.provider === provider);
      return [
        provider,
        {
          configured: configured[provider],
          state: view?.state ?? 'unknown',
          consecutive_failures: view?.consecutiveFailures ?? 0,
          opened_at: view?.openedAt ? new Date(view.openedAt).toISOString() : null,
        },
      ];
    }),
  );
}
