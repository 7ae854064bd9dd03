import { createPrivateKey, createPublicKey, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, jwtVerify, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import type { CodeOrigin } from '@agent-mitra/store';

export const TOKEN_ISSUER = 'agent-mitra-otp';
export const TOKEN_AUDIENCE = 'agent-mitra';

/** The claims of a verification token (DESIGN §1, §4). */
export interface VerificationClaims {
  readonly iss: string;
  readonly aud: string;
  /** The verified phone, E.164. */
  readonly sub: string;
  readonly purpose: string;
  readonly request_id: string;
  /** `server`: the code was generated here; `caller`: a backend chose it (never on the public route). */
  readonly code_origin: CodeOrigin;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
}

export interface TokenSettings {
  readonly tokenSecret: string;
  /** PEM of a P-256 private key: tokens are ES256 with a `kid`; unset: HS256 with tokenSecret. */
  readonly tokenPrivateKeyPem: string | undefined;
  /** Public PEMs of earlier ES256 keys, published during a rotation so their tokens still verify. */
  readonly tokenRetiredPublicKeyPems: readonly string[];
  /** At most 600 (the config refuses more). */
  readonly tokenTtlSeconds: number;
}

/** The public keys other services verify ES256 tokens with (RFC 7517), served at /.well-known/jwks.json. */
export interface Jwks {
  readonly keys: readonly JWK[];
}

/**
 * Signs verification tokens: HS256 with OTP_TOKEN_SECRET by default, or ES256 with the key of
 * OTP_TOKEN_PRIVATE_KEY_FILE, whose `kid` is its RFC 7638 JWK thumbprint — so a new key gets a new
 * `kid`, and verifiers that cache the JWKS (jose's createRemoteJWKSet) fetch it again when they meet it.
 */
export class TokenIssuer {
  readonly algorithm: 'HS256' | 'ES256';
  /** Made once: given raw bytes, jose would import a new KeyObject on every signature (issue 12). */
  private readonly key: KeyObject;
  private readonly publicKey: KeyObject | null;
  private published: Promise<{ kid: string; jwk: JWK }> | null = null;
  private keySet: Promise<Jwks> | null = null;

  constructor(private readonly settings: TokenSettings) {
    if (settings.tokenPrivateKeyPem === undefined) {
      this.algorithm = 'HS256';
      this.key = createSecretKey(Buffer.from(settings.tokenSecret, 'utf8'));
      this.publicKey = null;
    } else {
      this.algorithm = 'ES256';
      const privateKey = createPrivateKey(settings.tokenPrivateKeyPem);
      this.key = privateKey;
      this.publicKey = createPublicKey(privateKey);
    }
  }

  /** A token for `phone` (E.164), valid tokenTtlSeconds from `nowMs`, with a fresh `jti`. */
  async sign(
    claims: { phone: string; purpose: string; requestId: string; codeOrigin: CodeOrigin },
    nowMs: number,
  ): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    const kid = this.publicKey ? (await this.publicJwk()).kid : undefined;
    return new SignJWT({
      purpose: claims.purpose,
      request_id: claims.requestId,
      code_origin: claims.codeOrigin,
    })
      .setProtectedHeader({ alg: this.algorithm, typ: 'JWT', ...(kid ? { kid } : {}) })
      .setSubject(claims.phone)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.settings.tokenTtlSeconds)
      .sign(this.key);
  }

  /**
   * The JWKS to publish: the current key first, then the retired ones (OTP_TOKEN_RETIRED_KEY_FILES), so
   * tokens signed just before a rotation keep verifying until they expire. Null with HS256 (a shared
   * secret is never published).
   */
  async jwks(): Promise<Jwks | null> {
    if (!this.publicKey) return null;
    this.keySet ??= (async () => {
      const current = await this.publicJwk();
      const retired = await Promise.all(
        this.settings.tokenRetiredPublicKeyPems.map((pem) => publicJwkOf(createPublicKey(pem))),
      );
      return {
        keys: [current.jwk, ...retired.filter((key) => key.kid !== current.kid).map((key) => key.jwk)],
      };
    })();
    return this.keySet;
  }

  private publicJwk(): Promise<{ kid: string; jwk: JWK }> {
    const publicKey = this.publicKey;
    if (!publicKey) return Promise.reject(new Error('HS256 tokens have no public key'));
    this.published ??= publicJwkOf(publicKey);
    return this.published;
  }
}

/** A P-256 public key as a JWK with `kid` = its RFC 7638 SHA-256 thumbprint, `alg` ES256, `use` sig. */
async function publicJwkOf(publicKey: KeyObject): Promise<{ kid: string; jwk: JWK }> {
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, jwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}

/**
 * Checks a verification token as another service would: with the shared secret (HS256), a public key,
 * or a key set such as `createRemoteJWKSet(new URL('https://otp…/.well-known/jwks.json'))` (ES256).
 * Throws (a jose `JWTClaimValidationFailed`, `JWTExpired`, `JWSSignatureVerificationFailed`, …) when it
 * is forged, expired, not ours (issuer, audience), lacks any of `exp`, `iat`, `sub`, `jti`, or was issued
 * more than 600 s (the cap of OTP_TOKEN_TTL_SECONDS) before `nowMs` (Unix ms) — a token without `exp`
 * would otherwise be good forever. Claims per https://github.com/panva/jose/blob/v5.x/docs/functions/jwt_verify.jwtVerify.md.
 */
export async function verifyVerificationToken(
  key: string | KeyObject | JWTVerifyGetKey,
  token: string,
  nowMs: number = Date.now(),
): Promise<VerificationClaims> {
  const options = {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    algorithms: [typeof key === 'string' ? 'HS256' : 'ES256'],
    currentDate: new Date(nowMs),
    requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    maxTokenAge: 600, // seconds: the cap of OTP_TOKEN_TTL_SECONDS
  };
  const { payload } =
    typeof key === 'string'
      ? await jwtVerify(token, new TextEncoder().encode(key), options)
      : typeof key === 'function'
        ? await jwtVerify(token, key, options)
        : await jwtVerify(token, key, options);
  return payload as unknown as VerificationClaims;
}
