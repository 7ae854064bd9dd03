import { createFakeProviders, type FakeProviders } from '@agent-mitra/fake-providers';
import {
  TemplateSyncError,
  WhatsAppTemplateSync,
  authTemplateTimes,
  type AuthTemplateSpec,
} from '../../index';

let fakes: FakeProviders;
let sync: WhatsAppTemplateSync;

const SPEC: AuthTemplateSpec = {
  name: 'agent_mitra_otp',
  languages: ['en', 'hi'],
  otpButton: 'copy_code',
  ...authTemplateTimes(300),
  addSecurityRecommendation: true,
};

beforeAll(async () => {
  fakes = await createFakeProviders();
});
afterAll(() => fakes.close());
beforeEach(() => {
  fakes.reset();
  sync = new WhatsAppTemplateSync({
    apiUrl: fakes.graphUrl,
    accessToken: fakes.whatsapp.accessToken,
    businessAccountId: fakes.whatsappTemplates.businessAccountId,
  });
});
afterEach(() => sync.close());

const waba = () => `/v18.0/${fakes.whatsappTemplates.businessAccountId}/message_templates`;

describe('WhatsAppTemplateSync', () => {
  it('creates each language as Meta documents an AUTHENTICATION template, then updates it in place', async () => {
    const created = await sync.sync(SPEC);
    expect(created.map((r) => [r.language, r.action, r.status])).toEqual([
      ['en', 'created', 'APPROVED'],
      ['hi', 'created', 'APPROVED'],
    ]);
    const posts = fakes.templateCalls.filter((call) => call.method === 'POST');
    expect(posts.map((call) => call.path)).toEqual([waba(), waba()]);
    expect(posts[0]?.body).toEqual({
      name: 'agent_mitra_otp',
      language: 'en',
      category: 'AUTHENTICATION',
      message_send_ttl_seconds: 300,
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 5 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
      ],
    });

    const before = fakes.templateCalls.length;
    const updated = await sync.sync({ ...SPEC, ...authTemplateTimes(600) });
    expect(updated.map((r) => [r.language, r.action, r.id])).toEqual(
      created.map((r) => [r.language, 'updated', r.id]),
    );
    const edits = fakes.templateCalls.slice(before).filter((call) => call.method === 'POST');
    expect(edits.map((call) => call.path)).toEqual(created.map((r) => `/v18.0/${r.id}`));
    expect(edits[0]?.body).toMatchObject({
      message_send_ttl_seconds: 600,
      components: expect.arrayContaining([{ type: 'FOOTER', code_expiration_minutes: 10 }]),
    });
    expect(fakes.templates).toHaveLength(2);
  });

  it('sends one-tap and zero-tap buttons with supported_apps, and refuses zero-tap without its terms', async () => {
    const app = { packageName: 'in.agentmitra.app', signatureHash: 'FA+9qCX9VSu' };
    await sync.sync({
      ...SPEC,
      languages: ['en'],
      otpButton: 'zero_tap',
      supportedApps: [app],
      zeroTapTermsAccepted: true,
    });
    const body = fakes.templateCalls.find((call) => call.method === 'POST')?.body as {
      components: unknown[];
    };
    expect(body.components[2]).toEqual({
      type: 'BUTTONS',
      buttons: [
        {
          type: 'OTP',
          otp_type: 'ZERO_TAP',
          zero_tap_terms_accepted: true,
          supported_apps: [{ package_name: 'in.agentmitra.app', signature_hash: 'FA+9qCX9VSu' }],
        },
      ],
    });
    await expect(sync.sync({ ...SPEC, otpButton: 'zero_tap', supportedApps: [app] })).rejects.toThrow(
      'WHATSAPP_ZERO_TAP_TERMS_ACCEPTED',
    );
    await expect(sync.sync({ ...SPEC, otpButton: 'one_tap' })).rejects.toThrow('OTP_ANDROID_PACKAGE_NAME');
  });

  it("reports Graph's refusals with its code, and the review status it answers", async () => {
    const wrong = new WhatsAppTemplateSync({
      apiUrl: fakes.graphUrl,
      accessToken: 'nope',
      businessAccountId: '1',
    });
    const error: unknown = await wrong.sync(SPEC).catch((thrown: unknown) => thrown);
    wrong.close();
    expect(error).toBeInstanceOf(TemplateSyncError);
    expect(error).toMatchObject({ httpStatus: 401, graphCode: 190 });
    expect(() => authTemplateTimes(91 * 60)).toThrow('90 minutes');
  });
});

describe('WhatsAppTemplateSync against a review that rejects', () => {
  it('says REJECTED with its reason', async () => {
    const rejecting = await createFakeProviders({ whatsappTemplates: { reviewStatus: 'REJECTED' } });
    const client = new WhatsAppTemplateSync({
      apiUrl: rejecting.graphUrl,
      accessToken: rejecting.whatsapp.accessToken,
      businessAccountId: rejecting.whatsappTemplates.businessAccountId,
    });
    try {
      expect(await client.sync({ ...SPEC, languages: ['en'] })).toEqual([
        expect.objectContaining({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' }),
      ]);
    } finally {
      client.close();
      await rejecting.close();
    }
  });
});
