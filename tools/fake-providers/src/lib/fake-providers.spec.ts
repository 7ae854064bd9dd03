import { createFakeProviders, graphErrorBody, type FakeProviders } from '../index';

let fakes: FakeProviders;
afterEach(() => fakes.close());

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function postTwilio(
  form: Record<string, string>,
  auth = basic(fakes.twilio.accountSid, fakes.twilio.authToken),
) {
  const response = await fetch(
    `${fakes.twilioUrl}/2010-04-01/Accounts/${fakes.twilio.accountSid}/Messages.json`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const template = (code: string, language = 'en') => ({
  name: 'agent_mitra_otp',
  language: { code: language },
  components: [
    { type: 'body', parameters: [{ type: 'text', text: code }] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
  ],
});

async function postGraph(
  payload: unknown,
  token = fakes.whatsapp.accessToken,
  phoneNumberId = fakes.whatsapp.phoneNumberId,
) {
  const response = await fetch(`${fakes.graphUrl}/${phoneNumberId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Twilio Messages API fake', () => {
  beforeEach(async () => {
    fakes = await createFakeProviders();
  });

  it('answers 201 with a Twilio-shaped message and keeps the text the phone would show', async () => {
    const body = 'Your Agent Mitra verification code is: 482913. Valid for 5 minutes.';
    const { status, body: answer } = await postTwilio({
      To: '+919876543210',
      From: '+15005550006',
      Body: body,
      ValidityPeriod: '300',
    });
    expect(status).toBe(201);
    expect(answer).toMatchObject({
      status: 'queued',
      to: '+919876543210',
      from: '+15005550006',
      body,
      messaging_service_sid: null,
    });
    expect(answer['sid']).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fakes.messages).toEqual([
      expect.objectContaining({
        provider: 'twilio',
        sid: answer['sid'],
        code: '482913',
        validityPeriod: 300,
        body,
      }),
    ]);
  });

  it('answers "accepted" without a From when a Messaging Service sends', async () => {
    const { body } = await postTwilio({
      To: '+919876543210',
      MessagingServiceSid: `MG${'a'.repeat(32)}`,
      Body: 'code 1234',
    });
    expect(body).toMatchObject({
      status: 'accepted',
      from: null,
      messaging_service_sid: `MG${'a'.repeat(32)}`,
    });
  });

  it('checks HTTP Basic auth like Twilio: 401 with code 20003, nothing recorded', async () => {
    const wrong = await postTwilio(
      { To: '+919876543210', From: '+15005550006', Body: 'x 1234' },
      basic(fakes.twilio.accountSid, 'nope'),
    );
    expect(wrong).toEqual({
      status: 401,
      body: {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      },
    });
    expect(fakes.messages).toHaveLength(0);
    expect(fakes.requestsTo('twilio')).toEqual([expect.objectContaining({ status: 401 })]);
  });

  it('refuses a number that is not E.164 with 21211', async () => {
    const { status, body } = await postTwilio({ To: '98765', From: '+15005550006', Body: 'x 1234' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 21211, status: 400 });
  });
});

describe('Graph messages endpoint fake', () => {
  beforeEach(async () => {
    fakes = await createFakeProviders({ whatsapp: { templates: { agent_mitra_otp: ['en', 'hi'] } } });
  });

  const payload = (code: string, language?: string) => ({
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: '919876543210',
    type: 'template',
    template: template(code, language),
  });

  it('answers like the Cloud API and records the template parameters', async () => {
    const { status, body } = await postGraph(payload('482913'));
    expect(status).toBe(200);
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '919876543210', wa_id: '919876543210' }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }],
    });
    expect(fakes.messages[0]).toMatchObject({
      provider: 'whatsapp',
      to: '919876543210',
      code: '482913',
      template: {
        name: 'agent_mitra_otp',
        language: 'en',
        bodyParameters: ['482913'],
        buttonParameters: ['482913'],
      },
    });
  });

  it('checks the Bearer token like Graph: 401 OAuthException 190', async () => {
    const { status, body } = await postGraph(payload('1234'), 'wrong-token');
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { type: 'OAuthException', code: 190 } });
  });

  it('refuses an unknown phone number id (100/33), a missing translation (132001) and a wrong parameter count (132000)', async () => {
    expect((await postGraph(payload('1234'), undefined, '999')).body).toMatchObject({
      error: { code: 100, error_subcode: 33 },
    });
    expect((await postGraph(payload('1234', 'ta'))).body).toMatchObject({ error: { code: 132001 } });
    const noButton = {
      ...payload('1234'),
      template: { ...template('1234'), components: [template('1234').components[0]] },
    };
    expect((await postGraph(noButton)).body).toMatchObject({ error: { code: 132000 } });
    expect(fakes.messages).toHaveLength(0);
  });
});

describe('scripted failures', () => {
  beforeEach(async () => {
    fakes = await createFakeProviders();
  });

  it('answers the scripted failure as many times as asked, then normally', async () => {
    const body = graphErrorBody(131026, 'Message undeliverable', { details: 'Message Undeliverable.' });
    fakes.failNext({ provider: 'whatsapp', status: 400, body, times: 2 });
    const send = () =>
      postGraph({
        messaging_product: 'whatsapp',
        to: '919876543210',
        type: 'template',
        template: template('1234'),
      });
    expect(await send()).toEqual({ status: 400, body });
    expect((await send()).status).toBe(400);
    expect((await send()).status).toBe(200);
    expect(fakes.requestsTo('whatsapp').map((request) => request.status)).toEqual([400, 400, 200]);
  });

  it('can reset the connection instead of answering', async () => {
    fakes.failNext({ provider: 'twilio', reset: true });
    await expect(postTwilio({ To: '+919876543210', From: '+15005550006', Body: 'x 1234' })).rejects.toThrow();
    expect(fakes.requestsTo('twilio')).toEqual([expect.objectContaining({ status: 0 })]);
  });
});
