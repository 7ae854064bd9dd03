import type { Runtime } from '@agent-mitra/runtime';

/**
 * What the receivers use from the runtime (they never send, so no engine and no channels); `hashes`
 * turns provider message ids into the keys they are stored and logged under.
 */
export type WebhookDeps = Pick<Runtime, 'config' | 'logger' | 'metrics' | 'store' | 'hashes'>;

/** The `provider` label of the webhook metrics and logs. */
export type WebhookProvider = 'whatsapp' | 'twilio' | 'msg91';
