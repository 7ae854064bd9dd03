import { Writable } from 'node:stream';
import { createLogger, createMetrics, maskPhone } from '../index';

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'info', destination }), lines };
}

describe('logger', () => {
  it('redacts codes, tokens and secrets at any of the first three levels', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        otp: '482913',
        code: '482913',
        send: { otp_sent: '482913', token: 'eyJhbGciOi', nested: { authorization: 'Bearer sk_live' } },
        req: { headers: { 'x-api-key': 'gw-key-123' } },
      },
      'sent',
    );
    const out = lines.join('');
    expect(out).toContain('"msg":"sent"');
    for (const secret of ['482913', 'eyJhbGciOi', 'sk_live', 'gw-key-123']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it("redacts inside arrays and leaves the caller's object as it was", () => {
    const { logger, lines } = captureLogger();
    const logged = {
      to: '+91******3210',
      sends: [{ otp: '482913' }],
      req: { headers: { 'x-api-key': 'k-9' } },
    };
    logger.info(logged, 'sent');
    const out = lines.join('');
    expect(out).not.toContain('482913');
    expect(out).not.toContain('k-9');
    expect(out).toContain('"to":"+91******3210"');
    expect(logged.sends[0]?.otp).toBe('482913');
    expect(logged.req.headers['x-api-key']).toBe('k-9');
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('+919876543210')).toBe('+91******3210');
    expect(maskPhone('+14155550123')).toBe('+1******0123');
    expect(maskPhone('+4915112345678')).toBe('+49*******5678');
  });
});

describe('metrics', () => {
  it('exposes the counters in Prometheus text format', async () => {
    const metrics = createMetrics('test');
    metrics.otpSends.inc({ channel: 'sms', provider: 'mock', outcome: 'sent' });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/otp_sends_total\{channel="sms",provider="mock",outcome="sent",app="test"\} 1/);
  });
});
