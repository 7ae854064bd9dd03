import { SignJWT, type JWTPayload } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, verifyVerificationToken } from './token';

const SECRET = 'test-token-secret-0123456789abcdef0123';
const NOW = 1_760_000_000_000;
const iat = NOW / 1000;

/** A token signed with the right key, issuer and audience, carrying exactly `claims`. */
function sign(claims: JWTPayload): Promise<string> {
  return new SignJWT({ ...claims, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
}

const complete = { sub: '+919876543210', jti: 'c0ffee00-0000-4000-8000-000000000001', iat, exp: iat + 300 };

describe('verifyVerificationToken', () => {
  it('accepts a complete token', async () => {
    await expect(verifyVerificationToken(SECRET, await sign(complete), NOW)).resolves.toMatchObject({
      sub: complete.sub,
    });
  });

  it.each(['exp', 'iat', 'sub', 'jti'] as const)('refuses a token without %s', async (claim) => {
    const claims: JWTPayload = { ...complete };
    delete claims[claim];
    await expect(verifyVerificationToken(SECRET, await sign(claims), NOW)).rejects.toThrow(claim);
  });

  it('refuses a token issued more than 600 s ago, whatever its exp says', async () => {
    const old = await sign({ ...complete, iat: iat - 601, exp: iat + 3_600 });
    await expect(verifyVerificationToken(SECRET, old, NOW)).rejects.toThrow();
  });
});
