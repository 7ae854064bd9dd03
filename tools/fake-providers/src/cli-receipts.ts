// The fake-providers CLI's receipt settings, from the environment (and flags, when run from source):
// where the status webhooks go and which numbers get which statuses.
import { MSG91_STATUS_WORDS } from './lib/msg91-reports';
import {
  DEFAULT_META_APP_SECRET,
  DEFAULT_MSG91_WEBHOOK_SECRET,
  type ReceiptOptions,
  type ReceiptRule,
  type ScriptedStatus,
} from './lib/receipt-options';

const META_WORDS = ['sent', 'delivered', 'read', 'failed'] as const;
const TWILIO_WORDS = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'] as const;

/**
 * What the CLI does by default, so the whole flow can be tried by picking the number's last digit:
 * WhatsApp to a number ending in 7 is not on WhatsApp (accepted, then failed 131026 after 3 s); ending
 * in 8 stays silent after `sent` (no delivery receipt); SMS to a number ending in 9 is undelivered
 * after 3 s (Twilio: 30003; MSG91: its report 2 FAILED, which is `undelivered` too). Every other number:
 * sent, then delivered (MSG91 reports only the final outcome: delivered).
 */
export const CLI_DEFAULT_RULES =
  'whatsapp:7=sent@500,failed/131026@3000;whatsapp:8=sent@500;twilio:9=sent@500,undelivered/30003@3000;msg91:9=failed@3000';

/**
 * Reads rules written `<provider>:<last digits>=<status>[/<error code>]@<ms>[,…]`, separated by `;`,
 * e.g. `whatsapp:7=sent@500,failed/131026@3000;twilio:9=undelivered/30003@2000;msg91:9=failed@2000`.
 * Throws on a bad one.
 */
export function parseReceiptRules(text: string): ReceiptRule[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const match = /^(whatsapp|twilio|msg91):(\d*)=(.+)$/.exec(part);
      if (!match) {
        throw new Error(`receipt rule "${part}": expected <whatsapp|twilio|msg91>:<digits>=<statuses>`);
      }
      const [, provider, numberEndsWith = '', list = ''] = match;
      const words: readonly string[] =
        provider === 'whatsapp' ? META_WORDS : provider === 'msg91' ? MSG91_STATUS_WORDS : TWILIO_WORDS;
      const statuses = list.split(',').map((item) => parseStatus(item.trim(), words, part));
      return { provider, numberEndsWith, statuses } as ReceiptRule;
    });
}

function parseStatus(item: string, words: readonly string[], rule: string): ScriptedStatus<string> {
  const match = /^([a-z]+)(?:\/(\d+))?@(\d+)$/.exec(item);
  if (!match || !words.includes(match[1] ?? '')) {
    throw new Error(
      `receipt rule "${rule}": "${item}" is not <status>[/<code>]@<ms> with a status in ${words.join(', ')}`,
    );
  }
  const [, status = '', code, ms = '0'] = match;
  return { status, afterMs: Number(ms), ...(code ? { errorCode: Number(code) } : {}) };
}

export interface CliReceipts {
  /** Undefined when receipts are off. */
  readonly options: ReceiptOptions | undefined;
  /** Lines for the apps' .env (the webhook secret and public URL the fake signs for). */
  readonly envLines: readonly string[];
}

/**
 * `FAKE_RECEIPTS=off` (or `--no-receipts`) turns them off; `FAKE_WEBHOOKS_URL` is the webhooks app's
 * origin (default http://127.0.0.1:$WEBHOOKS_PORT, 8016); `FAKE_RECEIPT_RULES` (or `--receipt-rules`)
 * replaces `CLI_DEFAULT_RULES`; `WHATSAPP_WEBHOOK_SECRET` is the app secret Meta signs with and
 * `MSG91_WEBHOOK_SECRET` the `?secret=` of MSG91's report URL (the fakes' defaults otherwise).
 */
export function cliReceipts(
  env: NodeJS.ProcessEnv,
  flag: (name: string) => string | undefined,
  hasFlag: (name: string) => boolean,
): CliReceipts {
  if (hasFlag('no-receipts') || env['FAKE_RECEIPTS'] === 'off') return { options: undefined, envLines: [] };
  const origin = (env['FAKE_WEBHOOKS_URL'] ?? `http://127.0.0.1:${env['WEBHOOKS_PORT'] ?? '8016'}`).replace(
    /\/+$/,
    '',
  );
  const secret = env['WHATSAPP_WEBHOOK_SECRET'];
  const msg91Secret = env['MSG91_WEBHOOK_SECRET'];
  const msg91Url = `${origin}/webhooks/msg91/status?secret=${encodeURIComponent(msg91Secret ?? DEFAULT_MSG91_WEBHOOK_SECRET)}`;
  return {
    options: {
      whatsapp: { url: `${origin}/webhooks/whatsapp`, appSecret: secret ?? DEFAULT_META_APP_SECRET },
      twilio: { url: `${origin}/webhooks/twilio/status` },
      msg91: { url: msg91Url },
      rules: parseReceiptRules(flag('receipt-rules') ?? env['FAKE_RECEIPT_RULES'] ?? CLI_DEFAULT_RULES),
    },
    envLines: [
      `WHATSAPP_WEBHOOK_SECRET=${secret ? '<the WHATSAPP_WEBHOOK_SECRET in your environment>' : DEFAULT_META_APP_SECRET}`,
      `MSG91_WEBHOOK_SECRET=${msg91Secret ? '<the MSG91_WEBHOOK_SECRET in your environment>' : DEFAULT_MSG91_WEBHOOK_SECRET}`,
      `WEBHOOKS_PUBLIC_URL=${origin}`,
    ],
  };
}
