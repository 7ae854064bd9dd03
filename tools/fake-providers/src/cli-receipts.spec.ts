import { CLI_DEFAULT_RULES, cliReceipts, parseReceiptRules } from './cli-receipts';

describe('receipt rules for the CLI', () => {
  it('reads provider, last digits, statuses with error codes and delays', () => {
    expect(parseReceiptRules('whatsapp:7=sent@500,failed/131026@3000; twilio:=delivered@10')).toEqual([
      {
        provider: 'whatsapp',
        numberEndsWith: '7',
        statuses: [
          { status: 'sent', afterMs: 500 },
          { status: 'failed', afterMs: 3000, errorCode: 131026 },
        ],
      },
      { provider: 'twilio', numberEndsWith: '', statuses: [{ status: 'delivered', afterMs: 10 }] },
    ]);
    expect(parseReceiptRules(CLI_DEFAULT_RULES).map((rule) => rule.numberEndsWith)).toEqual([
      '7',
      '8',
      '9',
      '9',
    ]);
    expect(parseReceiptRules(CLI_DEFAULT_RULES).map((rule) => rule.provider)).toEqual([
      'whatsapp',
      'whatsapp',
      'twilio',
      'msg91',
    ]);
  });

  it('refuses what it cannot read, naming the rule', () => {
    expect(() => parseReceiptRules('sms:7=sent@1')).toThrow('receipt rule "sms:7=sent@1"');
    expect(() => parseReceiptRules('whatsapp:7=undelivered@1')).toThrow(
      'with a status in sent, delivered, read, failed',
    );
    expect(() => parseReceiptRules('twilio:9=sent')).toThrow('"sent" is not <status>[/<code>]@<ms>');
  });

  it('points at the webhooks app by default, and can be turned off', () => {
    const none = () => undefined;
    const on = cliReceipts({ WEBHOOKS_PORT: '9016' }, none, () => false);
    expect(on.options?.whatsapp?.url).toBe('http://127.0.0.1:9016/webhooks/whatsapp');
    expect(on.options?.msg91?.url).toBe(
      'http://127.0.0.1:9016/webhooks/msg91/status?secret=fake-msg91-webhook-secret',
    );
    expect(on.envLines).toEqual([
      'WHATSAPP_WEBHOOK_SECRET=fake-whatsapp-app-secret',
      'MSG91_WEBHOOK_SECRET=fake-msg91-webhook-secret',
      'WEBHOOKS_PUBLIC_URL=http://127.0.0.1:9016',
    ]);
    const own = cliReceipts({ MSG91_WEBHOOK_SECRET: 'mine & yours' }, none, () => false);
    expect(own.options?.msg91?.url).toBe(
      'http://127.0.0.1:8016/webhooks/msg91/status?secret=mine%20%26%20yours',
    );
    expect(own.envLines).toContain('MSG91_WEBHOOK_SECRET=<the MSG91_WEBHOOK_SECRET in your environment>');
    const secret = cliReceipts({ WHATSAPP_WEBHOOK_SECRET: 'mine' }, none, () => false);
    expect(secret.options?.whatsapp?.appSecret).toBe('mine');
    expect(secret.envLines.join('\n')).not.toContain('mine');
    expect(cliReceipts({ FAKE_RECEIPTS: 'off' }, none, () => false).options).toBeUndefined();
    expect(cliReceipts({}, none, (name) => name === 'no-receipts').options).toBeUndefined();
  });
});
