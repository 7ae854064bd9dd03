import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GrpcTls } from './config';
import type { RawEnv } from './schema';

type Files = Pick<
  RawEnv,
  | 'OTP_TOKEN_PRIVATE_KEY_FILE'
  | 'OTP_TOKEN_RETIRED_KEY_FILES'
  | 'GRPC_TLS_CERT_FILE'
  | 'GRPC_TLS_KEY_FILE'
  | 'GRPC_TLS_CLIENT_CA_FILE'
>;

export interface KeyMaterial {
  readonly tokenPrivateKeyPem: string | undefined;
  /** SPKI PEMs of retired signing keys: published in the JWKS while their tokens may live, never used to sign. */
  readonly tokenRetiredPublicKeyPems: readonly string[];
  readonly grpcTls: GrpcTls | null;
}

/** Reads a PEM file (relative to `cwd`) and checks it parses; problems are pushed, naming the variable. */
function readPem(
  name: string,
  path: string | undefined,
  cwd: string,
  check: (pem: string) => string | null,
  problems: string[],
): string | undefined {
  if (path === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    problems.push(`${name}: cannot read ${path}`);
    return undefined;
  }
  let problem: string | null;
  try {
    problem = check(pem);
  } catch {
    problem = 'is not a PEM file of the expected kind';
  }
  if (problem !== null) problems.push(`${name}: ${problem}`);
  return problem === null ? pem : undefined;
}

const p256Key = (pem: string): string | null => {
  const key = createPrivateKey(pem);
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
    ? null
    : 'must be a P-256 (prime256v1) EC private key in PEM, for ES256';
};
/** A retired key may be given as its private or its public PEM; only its public half is kept. */
const p256PublicKey = (pem: string): string | null => {
  const key = createPublicKey(pem);
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
    ? null
    : 'must be P-256 (prime256v1) EC keys in PEM (private or public)';
};
/** Parsing throws on anything else; readPem turns that into "is not a PEM file of the expected kind". */
const anyKey = (pem: string): string | null =>
  createPrivateKey(pem).type === 'private' ? null : 'not a private key';
const certificate = (pem: string): string | null =>
  new X509Certificate(pem).raw.length > 0 ? null : 'not an X.509 certificate';

/**
 * The token signing key and the gRPC TLS files, read and checked once at start: OTP_TOKEN_PRIVATE_KEY_FILE
 * (ES256), OTP_TOKEN_RETIRED_KEY_FILES (comma-separated, only with it), GRPC_TLS_CERT_FILE + GRPC_TLS_KEY_FILE (both or neither), GRPC_TLS_CLIENT_CA_FILE (needs both).
 */
export function readKeyMaterial(raw: Files, cwd: string, problems: string[]): KeyMaterial {
  const tokenPrivateKeyPem = readPem(
    'OTP_TOKEN_PRIVATE_KEY_FILE',
    raw.OTP_TOKEN_PRIVATE_KEY_FILE,
    cwd,
    p256Key,
    problems,
  );
  const retired = (raw.OTP_TOKEN_RETIRED_KEY_FILES ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => readPem('OTP_TOKEN_RETIRED_KEY_FILES', path, cwd, p256PublicKey, problems))
    .filter((pem): pem is string => pem !== undefined)
    .map((pem) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString());
  if (
    retired.length > 0 &&
    tokenPrivateKeyPem === undefined &&
    raw.OTP_TOKEN_PRIVATE_KEY_FILE === undefined
  ) {
    problems.push('OTP_TOKEN_RETIRED_KEY_FILES: only with OTP_TOKEN_PRIVATE_KEY_FILE (ES256 tokens)');
  }
  const cert = readPem('GRPC_TLS_CERT_FILE', raw.GRPC_TLS_CERT_FILE, cwd, certificate, problems);
  const key = readPem('GRPC_TLS_KEY_FILE', raw.GRPC_TLS_KEY_FILE, cwd, anyKey, problems);
  const ca = readPem('GRPC_TLS_CLIENT_CA_FILE', raw.GRPC_TLS_CLIENT_CA_FILE, cwd, certificate, problems);
  if ((raw.GRPC_TLS_CERT_FILE === undefined) !== (raw.GRPC_TLS_KEY_FILE === undefined)) {
    problems.push('GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE: set both for TLS, or neither');
  }
  if (raw.GRPC_TLS_CLIENT_CA_FILE !== undefined && raw.GRPC_TLS_CERT_FILE === undefined) {
    problems.push('GRPC_TLS_CLIENT_CA_FILE: mTLS needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE too');
  }
  const grpcTls =
    cert !== undefined && key !== undefined
      ? { certChain: cert, privateKey: key, clientCa: ca ?? null }
      : null;
  return { tokenPrivateKeyPem, tokenRetiredPublicKeyPems: retired, grpcTls };
}
