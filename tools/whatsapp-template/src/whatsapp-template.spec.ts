import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import { runWhatsAppTemplate } from './run';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

let fakes: FakeProviders;
let dir: string;

beforeAll(async () => {
  fakes = await createFakeProviders({ whatsappTemplates: { reviewStatus: 'PENDING' } });
  dir = mkdtempSync(join(tmpdir(), 'whatsapp-template-'));
});
afterAll(async () => {
  await fakes.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run whatsapp:template` as a real process: the script's command, in a directory with a .env. */
async function command(env: Record<string, string>, args: string[] = []) {
  writeFileSync(
    join(dir, '.env'),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const script = join(ROOT, 'tools/whatsapp-template/src/main.ts');
  const register = require.resolve('@swc-node/register', { paths: [ROOT] });
  return run(process.execPath, ['-r', register, script, ...args], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: dir,
      NODE_PATH: join(ROOT, 'node_modules'),
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    },
  });
}

const graphEnv = () => ({
  WHATSAPP_API_URL: fakes.graphUrl,
  WHATSAPP_PHONE_NUMBER_ID: fakes.whatsapp.phoneNumberId,
  WHATSAPP_ACCESS_TOKEN: fakes.whatsapp.accessToken,
  WHATSAPP_BUSINESS_ACCOUNT_ID: fakes.whatsappTemplates.businessAccountId,
  WHATSAPP_TEMPLATE_NAME: 'agent_mitra_otp',
  WHATSAPP_TEMPLATE_LANGUAGES: 'en,hi',
});

describe('npm run whatsapp:template', () => {
  it('creates the template in each language, then updates it, and reports the review status', async () => {
    const first = await command({ ...graphEnv(), OTP_TTL_SECONDS: '300' });
    expect(first.stdout).toMatch(/en: created template \d+: PENDING, Meta is reviewing it/);
    expect(first.stdout).toMatch(/hi: created template \d+: PENDING/);
    const creates = fakes.templateCalls.filter((call) => call.method === 'POST');
    expect(creates.map((call) => (call.body as { language: string }).language)).toEqual(['en', 'hi']);
    expect(creates[1]?.body).toEqual({
      name: 'agent_mitra_otp',
      language: 'hi',
      category: 'AUTHENTICATION',
      message_send_ttl_seconds: 300,
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 5 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ],
    });

    const before = fakes.templateCalls.length;
    // The update in-process (the command itself is proven above; a second process costs seconds).
    const output: string[] = [];
    const updateEnv = {
      ...graphEnv(),
      OTP_TTL_SECONDS: '600',
      WHATSAPP_OTP_BUTTON: 'one_tap',
      OTP_ANDROID_PACKAGE_NAME: 'in.agentmitra.app',
      OTP_ANDROID_APP_HASH: 'FA+9qCX9VSu',
    };
    expect(await runWhatsAppTemplate([], updateEnv, dir, (text) => output.push(text))).toBe(0);
    const second = { stdout: output.join('') };
    expect(second.stdout).toMatch(/en: updated template \d+: PENDING/);
    const edits = fakes.templateCalls.slice(before).filter((call) => call.method === 'POST');
    expect(edits.map((call) => call.path)).toEqual(fakes.templates.map((t) => `/v18.0/${t.id}`));
    expect(edits[0]?.body).toEqual({
      message_send_ttl_seconds: 600,
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 10 },
        {
          type: 'BUTTONS',
          buttons: [
            {
              type: 'OTP',
              otp_type: 'ONE_TAP',
              supported_apps: [{ package_name: 'in.agentmitra.app', signature_hash: 'FA+9qCX9VSu' }],
            },
          ],
        },
      ],
    });
    expect(`${first.stdout}${second.stdout}`).not.toContain(fakes.whatsapp.accessToken);
  }, 30_000);

  it('--dry-run prints the bodies and calls nothing; a missing account or a Graph refusal exits 1', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'whatsapp-template-'));
    const lines: string[] = [];
    const calls = fakes.templateCalls.length;
    const code = await runWhatsAppTemplate(['--dry-run'], { WHATSAPP_TEMPLATE_LANGUAGES: 'en' }, empty, (t) =>
      lines.push(t),
    );
    expect([code, lines.join('')]).toEqual([0, expect.stringContaining('"otp_type": "COPY_CODE"')]);
    expect(lines.join('')).toContain('dry run: no request was made');
    expect(fakes.templateCalls).toHaveLength(calls);
    const quiet = () => undefined;
    const missing: string[] = [];
    const noAccount = { WHATSAPP_ACCESS_TOKEN: 'x', WHATSAPP_PHONE_NUMBER_ID: '1' };
    expect(await runWhatsAppTemplate([], noAccount, empty, (t) => missing.push(t))).toBe(1);
    expect(missing.join('')).toContain('set WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID');
    const refused: string[] = [];
    const wrongToken = { ...graphEnv(), WHATSAPP_ACCESS_TOKEN: 'not-the-token' };
    expect(await runWhatsAppTemplate([], wrongToken, empty, (t) => refused.push(t))).toBe(1);
    expect(refused.join('')).toContain('Graph answered 401 (error 190)');
    expect(
      await runWhatsAppTemplate([], { ...graphEnv(), WHATSAPP_OTP_BUTTON: 'zero_tap' }, dir, quiet),
    ).toBe(1);
  });
});
