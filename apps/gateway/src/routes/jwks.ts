import type { RequestHandler } from 'express';
import { OtpError } from '@agent-mitra/errors';
import type { OtpEngine } from '@agent-mitra/otp-engine';

/** Verifiers refetch at most this often; a new key (new `kid`) makes jose's remote key set refetch at once. */
const MAX_AGE_SECONDS = 300;

/**
 * `GET /.well-known/jwks.json` (RFC 7517): the public key of ES256 verification tokens, with its `kid`
 * (RFC 7638 thumbprint), so other services verify tokens without a shared secret. 404 with HS256 tokens.
 */
export function jwksRoute(engine: OtpEngine): RequestHandler {
  return async (_req, res, next) => {
    const jwks = await engine.jwks();
    if (jwks === null) return next(new OtpError('NOT_FOUND', 'tokens are HS256: no public keys to publish'));
    res
      .set('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`)
      .type('application/jwk-set+json')
      .send(JSON.stringify(jwks));
  };
}
