import { graphErrorBody } from '@agent-mitra/fake-providers';
import { classifyGraphError } from '../../index';
import { ProviderHttpError } from '../http/provider-http';

const graph = (status: number, code: number, subcode?: number) =>
  classifyGraphError(
    new ProviderHttpError(status, graphErrorBody(code, 'x', subcode === undefined ? {} : { subcode }), null),
  );

describe('classifyGraphError', () => {
  it('treats permission codes 200–299 and account problems as credentials', () => {
    expect(graph(403, 200)).toMatchObject({ error: { kind: 'credentials' }, fix: 'WHATSAPP_ACCESS_TOKEN' });
    expect(graph(403, 299)).toMatchObject({ error: { kind: 'credentials' }, fix: 'WHATSAPP_ACCESS_TOKEN' });
    expect(graph(400, 131031)).toMatchObject({
      error: { kind: 'credentials' },
      fix: 'the WhatsApp Business Account (WhatsApp Manager)',
    });
    expect(graph(400, 100, 33)).toMatchObject({
      error: { kind: 'credentials' },
      fix: 'WHATSAPP_PHONE_NUMBER_ID',
    });
  });

  it('treats other invalid parameters as a refusal SMS can cure', () => {
    expect(graph(400, 100)).toMatchObject({
      error: { kind: 'rejected', fallbackEligible: true },
      retryable: false,
    });
  });

  it('falls back on the HTTP status when the body has no Graph error', () => {
    const status = (code: number) => classifyGraphError(new ProviderHttpError(code, '<html/>', null));
    expect(status(401)).toMatchObject({ error: { kind: 'credentials' }, fix: 'WHATSAPP_ACCESS_TOKEN' });
    expect(status(429)).toMatchObject({ error: { kind: 'unavailable' }, retryable: true });
    expect(status(503)).toMatchObject({ error: { kind: 'unavailable' }, retryable: true });
    expect(status(400)).toMatchObject({ error: { kind: 'rejected', fallbackEligible: true } });
  });

  it('leaves API Unknown (1) and a 500, 502 or 504 open: unknown, not retried, no fallback', () => {
    const status = (code: number) => classifyGraphError(new ProviderHttpError(code, '<html/>', null));
    for (const answer of [graph(500, 1), status(500), status(502), status(504)]) {
      expect(answer).toMatchObject({
        error: { kind: 'unknown', fallbackEligible: false, code: 'PROVIDER_UNAVAILABLE' },
        retryable: false,
      });
    }
    expect(graph(500, 131000)).toMatchObject({ error: { kind: 'unavailable' }, retryable: true });
  });

  it('makes every failure but unknown fallback-eligible, even network ones', () => {
    expect(classifyGraphError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({
      error: { kind: 'unavailable', fallbackEligible: true },
      retryable: true,
    });
  });
});
