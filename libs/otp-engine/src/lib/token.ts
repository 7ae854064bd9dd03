import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export const TOKEN_ISSUER = 'agent-mitra-otp';
export const TOKEN_AUDIENCE = 'agent-mitra';

export interface VerificationClaims {
  /** The verified phone, E.164. */
  readonly sub: string;
  readonly purpose: string;
  readonly request_id: string;
  readonly exp: number;
  readonly iat: number;
}

/** A short-lived HS256 JWT proving that `phone` was verified for `purpose` (DESIGN §1). */
export function issueVerificationToken(
  secret: string,
  claims: { phone: string; purpose: string; requestId: string },
  nowMs: number,
  ttlSeconds: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ purpose: claims.purpose, request_id: claims.requestId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.phone)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** Checks a verification token as another service would; throws when it is forged or expired. */
export async function verifyVerificationToken(
  secret: string,
  token: string,
  nowMs: number = Date.now(),
): Promise<VerificationClaims> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    algorithms: ['HS256'],
    currentDate: new Date(nowMs),
  });
  return payload as unknown as VerificationClaims;
}
