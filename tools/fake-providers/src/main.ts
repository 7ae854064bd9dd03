// The developer's "phone": fakes of Twilio's Messages API and the Graph messages endpoint on one local
// port, printing every message they accept. Point the apps at it with the lines it prints.
//   node -r @swc-node/register tools/fake-providers/src/main.ts [--port 8017] [--latency 0]
import { cliReceipts } from './cli-receipts';
import { createFakeProviders } from './lib/fake-providers';
import type { FakeMessage } from './lib/types';

const DEFAULT_PORT = 8017;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function wholeNumber(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`fake-providers: ${name} must be a whole number, got "${text}"\n`);
    process.exit(1);
  }
  return value;
}

/** A secret taken from the environment is never echoed; the fake's own default is harmless. */
function secret(name: string, value: string): string {
  return process.env[name] ? `<the ${name} in your environment>` : value;
}

/** A report URL as printed: its `?secret=` hidden. */
function withoutSecret(url: string): string {
  return url.replace(/([?&]secret=)[^&]*/, '$1…');
}

function describe(message: FakeMessage): string {
  const time = new Date().toISOString().slice(11, 19);
  if (message.provider === 'twilio') {
    const sender = message.messagingServiceSid ?? message.from ?? '?';
    return `${time} SMS to ${message.to} from ${sender} (valid ${message.validityPeriod ?? '-'} s)\n  ${message.body.replace(/\n/g, '\n  ')}`;
  }
  if (message.provider === 'msg91') {
    const text = message.text ?? JSON.stringify(message.variables);
    return `${time} SMS (MSG91) to ${message.to}, template ${message.templateId}\n  ${text.replace(/\n/g, '\n  ')}`;
  }
  const template = message.template;
  const detail = template
    ? `template ${template.name} [${template.language}] code ${message.code ?? '?'}`
    : `type ${message.type}`;
  return `${time} WhatsApp to +${message.to.replace(/^\+/, '')}: ${detail}`;
}

async function main(): Promise<void> {
  const env = process.env;
  const receipts = cliReceipts(env, option, (name) => process.argv.includes(`--${name}`));
  const fakes = await createFakeProviders({
    host: env['HOST'] ?? '127.0.0.1',
    port: wholeNumber(option('port') ?? env['FAKE_PROVIDERS_PORT'], DEFAULT_PORT, 'port'),
    latencyMs: wholeNumber(option('latency'), 0, 'latency'),
    twilio: {
      ...(env['TWILIO_ACCOUNT_SID'] ? { accountSid: env['TWILIO_ACCOUNT_SID'] } : {}),
      ...(env['TWILIO_AUTH_TOKEN'] ? { authToken: env['TWILIO_AUTH_TOKEN'] } : {}),
    },
    whatsapp: {
      ...(env['WHATSAPP_ACCESS_TOKEN'] ? { accessToken: env['WHATSAPP_ACCESS_TOKEN'] } : {}),
      ...(env['WHATSAPP_PHONE_NUMBER_ID'] ? { phoneNumberId: env['WHATSAPP_PHONE_NUMBER_ID'] } : {}),
    },
    msg91: env['MSG91_AUTH_KEY'] ? { authKey: env['MSG91_AUTH_KEY'] } : {},
    whatsappTemplates: env['WHATSAPP_BUSINESS_ACCOUNT_ID']
      ? { businessAccountId: env['WHATSAPP_BUSINESS_ACCOUNT_ID'] }
      : {},
    onMessage: (message) => process.stdout.write(`${describe(message)}\n`),
    ...(receipts.options && {
      receipts: {
        ...receipts.options,
        onPosted: (r) =>
          process.stdout.write(
            `  ↳ ${r.provider} status ${r.status} posted to ${withoutSecret(r.url)}: ${r.answer || 'unreachable'}\n`,
          ),
      },
    }),
  });
  process.stdout.write(
    [
      `fake providers listening on ${fakes.twilioUrl}; set these for the apps (e.g. in .env):`,
      `  TWILIO_API_URL=${fakes.twilioUrl}`,
      `  TWILIO_ACCOUNT_SID=${fakes.twilio.accountSid}`,
      `  TWILIO_AUTH_TOKEN=${secret('TWILIO_AUTH_TOKEN', fakes.twilio.authToken)}`,
      `  TWILIO_PHONE_NUMBER=${env['TWILIO_PHONE_NUMBER'] ?? '+15005550006'}`,
      `  WHATSAPP_API_URL=${fakes.graphUrl}`,
      `  WHATSAPP_ACCESS_TOKEN=${secret('WHATSAPP_ACCESS_TOKEN', fakes.whatsapp.accessToken)}`,
      `  WHATSAPP_PHONE_NUMBER_ID=${fakes.whatsapp.phoneNumberId}`,
      `  WHATSAPP_BUSINESS_ACCOUNT_ID=${fakes.whatsappTemplates.businessAccountId}`,
      `  MSG91_API_URL=${fakes.msg91Url}`,
      `  MSG91_AUTH_KEY=${secret('MSG91_AUTH_KEY', fakes.msg91.authKey)}`,
      `  MSG91_TEMPLATE_ID=${env['MSG91_TEMPLATE_ID'] ?? '65f1c0ffee0123456789abcd'}`,
      // Quoted: `>` would redirect when the line is pasted into a shell or a `.env` is sourced.
      `  SMS_ROUTES='IN:msg91>twilio,*:twilio'`,
      `  PIONEER_FLAG_MOCK_OTP_ENABLED=false`,
      ...receipts.envLines.map((line) => `  ${line}`),
      receipts.options
        ? `signed status webhooks go to ${receipts.options.whatsapp?.url ?? ''}, to each Twilio SMS's StatusCallback and (MSG91 reports, with the secret) to ${withoutSecret(receipts.options.msg91?.url ?? '')} (FAKE_RECEIPTS=off: none)`
        : 'status webhooks: off',
      'waiting for messages…',
      '',
    ].join('\n'),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      fakes.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-providers: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
