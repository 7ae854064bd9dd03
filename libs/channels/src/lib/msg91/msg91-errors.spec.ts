import { msg91ErrorBody } from '@agent-mitra/fake-providers';
import { classifyMsg91Error } from '../../index';
import { ProviderHttpError } from '../http/provider-http';

const http = (status: number, body: unknown) => classifyMsg91Error(new ProviderHttpError(status, body, null));

describe('classifyMsg91Error', () => {
  it.each([
    ['207', 'credentials', 'MSG91_AUTH_KEY'],
    ['418', 'credentials', "the auth key's whitelisted IPs in the MSG91 panel"],
    ['301', 'credentials', 'the MSG91 account (balance, status)'],
    ['203', 'credentials', 'MSG91_SENDER_ID'],
    ['202', 'rejected', null],
    ['311', 'rejected', null],
    ['306', 'unavailable', null],
  ])('code %s is %s', (code, kind, fix) => {
    expect(http(400, msg91ErrorBody('x', code))).toMatchObject({ error: { kind, providerCode: code }, fix });
  });

  it('reads the words when there is no code, and the HTTP status last', () => {
    expect(http(400, msg91ErrorBody('Template ID is missing'))).toMatchObject({
      error: { kind: 'credentials' },
    });
    expect(http(400, msg91ErrorBody('Invalid mobile number'))).toMatchObject({ error: { kind: 'rejected' } });
    expect(http(401, '')).toMatchObject({ error: { kind: 'credentials' }, fix: 'MSG91_AUTH_KEY' });
    expect(http(404, '<html/>')).toMatchObject({ error: { kind: 'credentials' }, fix: 'MSG91_API_URL' });
    expect(http(400, msg91ErrorBody('Something else'))).toMatchObject({ error: { kind: 'rejected' } });
  });

  it('a 5xx or 429 is an outage whatever the body says, and retried', () => {
    expect(http(502, msg91ErrorBody('Invalid template', '202'))).toMatchObject({
      error: { kind: 'unavailable', providerCode: '202' },
      retryable: true,
    });
    expect(http(429, {})).toMatchObject({ error: { kind: 'unavailable' }, retryable: true });
  });

  it('never offers a channel fallback: routing fails over instead', () => {
    expect(http(503, {}).error.fallbackEligible).toBe(false);
    expect(classifyMsg91Error(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({
      error: { kind: 'unavailable', fallbackEligible: false },
      retryable: true,
    });
  });
});
