import { resolve } from 'node:path';
import {
  authTemplateCreateBody,
  authTemplateTimes,
  TemplateSyncError,
  WhatsAppTemplateSync,
  type AuthTemplateSpec,
  type TemplateSyncResult,
} from '@agent-mitra/channels';
import { ConfigError, loadConfig, readDotEnvFile, type Config } from '@agent-mitra/config';

/** Review statuses that mean the template cannot be sent: the command exits 2. */
const UNUSABLE = new Set(['REJECTED', 'DISABLED', 'PAUSED']);

const NOTES: Readonly<Record<string, string>> = {
  APPROVED: 'ready to send',
  PENDING:
    'Meta is reviewing it (AUTHENTICATION templates usually within minutes); sends fail until it is APPROVED',
  IN_APPEAL: 'under appeal',
  REJECTED: 'rejected: sends will fail; see WhatsApp Manager for the reason',
  PAUSED: 'paused for low quality',
  DISABLED: 'disabled',
};

/** What the config asks for (WHATSAPP_TEMPLATE_*, WHATSAPP_OTP_BUTTON, OTP_TTL_SECONDS, the Android app). */
export function templateSpecOf(config: Config): AuthTemplateSpec {
  const { authTemplate } = config.whatsapp;
  const { androidPackageName } = authTemplate;
  const hash = config.otp.androidAppHash;
  return {
    name: config.whatsapp.templateName,
    languages: authTemplate.languages,
    otpButton: authTemplate.otpButton,
    ...authTemplateTimes(config.otp.ttlSeconds),
    addSecurityRecommendation: true,
    ...(androidPackageName && hash
      ? { supportedApps: [{ packageName: androidPackageName, signatureHash: hash }] }
      : {}),
    zeroTapTermsAccepted: authTemplate.zeroTapTermsAccepted,
  };
}

function line(result: TemplateSyncResult): string {
  const note = NOTES[result.status] ?? 'see WhatsApp Manager';
  const reason = result.rejectedReason ? ` (${result.rejectedReason})` : '';
  return `  ${result.language}: ${result.action} template ${result.id}: ${result.status}${reason}, ${note}`;
}

/**
 * `npm run whatsapp:template [-- --dry-run]`: creates or updates the WhatsApp AUTHENTICATION template
 * (WHATSAPP_TEMPLATE_NAME) in every language of WHATSAPP_TEMPLATE_LANGUAGES on
 * WHATSAPP_BUSINESS_ACCOUNT_ID, then prints each one's review status. `--dry-run` prints the request
 * bodies and calls nothing. It reads `.env` and the environment like the apps, but serves nothing, so the
 * serving apps' production checks (API keys, hash secrets) do not apply: it always loads the config in
 * development mode. Answers the exit code: 0 done, 1 configuration or Graph error, 2 a template unusable.
 */
export async function runWhatsAppTemplate(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  out: (text: string) => void,
): Promise<number> {
  const dryRun = args.includes('--dry-run');
  let config: Config;
  let spec: AuthTemplateSpec;
  try {
    const merged = { ...readDotEnvFile(resolve(cwd, '.env')), ...env };
    config = loadConfig({ ...merged, NODE_ENV: merged['NODE_ENV'] === 'test' ? 'test' : 'development' });
    spec = templateSpecOf(config);
    spec.languages.forEach((language) => authTemplateCreateBody(spec, language));
  } catch (error) {
    out(
      `whatsapp:template: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  const { accessToken, businessAccountId, apiUrl } = config.whatsapp;
  const where = `WABA ${businessAccountId ?? '(WHATSAPP_BUSINESS_ACCOUNT_ID not set)'} at ${apiUrl}`;
  out(
    `WhatsApp template ${spec.name}: AUTHENTICATION, ${spec.otpButton} button, code expires in ` +
      `${spec.codeExpirationMinutes} min, message TTL ${spec.messageSendTtlSeconds} s, on ${where}\n`,
  );
  if (dryRun) {
    for (const language of spec.languages) {
      out(
        `  ${language}: would create (or update) with\n${JSON.stringify(authTemplateCreateBody(spec, language), null, 2)}\n`,
      );
    }
    out('dry run: no request was made\n');
    return 0;
  }
  if (!accessToken || !businessAccountId) {
    out('whatsapp:template: set WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID (or use --dry-run)\n');
    return 1;
  }
  const sync = new WhatsAppTemplateSync({ apiUrl, accessToken, businessAccountId });
  try {
    const results = await sync.sync(spec);
    for (const result of results) out(`${line(result)}\n`);
    return results.some((result) => UNUSABLE.has(result.status)) ? 2 : 0;
  } catch (error) {
    const words =
      error instanceof TemplateSyncError || error instanceof Error ? error.message : String(error);
    out(`whatsapp:template: ${words}\n`);
    return 1;
  } finally {
    sync.close();
  }
}
