import { classifyTwilioError } from '../../index';
import { ProviderHttpError } from '../http/provider-http';
import { CONNECT_TIMEOUT_CODE } from '../http/keep-alive-agents';

const http = (status: number, body: unknown, retryAfterMs: number | null = null) =>
  classifyTwilioError(new ProviderHttpError(status, body, retryAfterMs));

describe('classifyTwilioError', () => {
  it('reads the 2010 API body and the newer {errors: [...]} one', () => {
    expect(http(400, { code: 21614, message: 'x', more_info: 'y', status: 400 }).error).toMatchObject({
      kind: 'rejected',
      providerCode: '21614',
    });
    expect(http(400, { errors: [{ code: 21211, message: 'x' }] }).error).toMatchObject({
      kind: 'rejected',
      providerCode: '21211',
    });
  });

  it('names the setting to fix for credentials and sender problems', () => {
    expect(http(401, { code: 20003 })).toMatchObject({
      error: { kind: 'credentials' },
      fix: 'TWILIO_AUTH_TOKEN',
      retryable: false,
    });
    expect(http(404, { code: 20404 })).toMatchObject({
      error: { kind: 'credentials' },
      fix: 'TWILIO_ACCOUNT_SID',
    });
    expect(http(400, { code: 21606 })).toMatchObject({
      error: { kind: 'credentials' },
      fix: 'TWILIO_PHONE_NUMBER or TWILIO_MESSAGING_SERVICE_SID',
    });
  });

  it('falls back on the HTTP status for codes it does not know, or bodies without one', () => {
    expect(http(429, 'slow down', 2_000)).toMatchObject({
      error: { kind: 'unavailable' },
      retryable: true,
      retryAfterMs: 2_000,
    });
    expect(http(503, 'Service Unavailable')).toMatchObject({
      error: { kind: 'unavailable', providerCode: null },
      retryable: true,
    });
    expect(http(408, '')).toMatchObject({ error: { kind: 'unavailable' }, retryable: true });
    expect(http(401, '')).toMatchObject({ error: { kind: 'credentials' }, fix: 'TWILIO_AUTH_TOKEN' });
    expect(http(400, { code: 99_999 })).toMatchObject({
      error: { kind: 'rejected', providerCode: '99999' },
      retryable: false,
    });
  });

  it('leaves a 500, 502 or 504 (and 20500) open: unknown, never retried, since the message may exist', () => {
    for (const answer of [
      http(500, '<html/>'),
      http(502, '<html/>'),
      http(504, ''),
      http(500, { code: 20500 }),
    ]) {
      expect(answer).toMatchObject({
        error: { kind: 'unknown', code: 'PROVIDER_UNAVAILABLE' },
        retryable: false,
      });
    }
  });

  it('retries network failures before anything was sent, not unexpected errors', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ERR_CANCELED', CONNECT_TIMEOUT_CODE]) {
      expect(classifyTwilioError(Object.assign(new Error('x'), { code }))).toMatchObject({
        error: { kind: 'unavailable' },
        retryable: true,
      });
    }
    expect(classifyTwilioError(new TypeError('bug'))).toMatchObject({
      error: { kind: 'unavailable' },
      retryable: false,
    });
  });

  it('never offers a fallback: SMS is the last channel', () => {
    expect(http(400, { code: 21211 }).error.fallbackEligible).toBe(false);
    expect(http(503, {}).error.fallbackEligible).toBe(false);
  });
});
