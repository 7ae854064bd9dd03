import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ABUSE_LIMITS } from './abuse-schema';
import { DEV_DEFAULT_SECRETS, type RawEnv } from './schema';

/** Secrets, keys and tokens shorter than this are refused in production (DESIGN §6). */
export const MIN_SECRET_LENGTH = 32;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for `localhost`, 127.0.0.0/8 and ::1: a server bound there is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ProductionContext {
  /** The variables as set (empty values dropped). */
  readonly present: Readonly<Record<string, string>>;
  /** The process serves gRPC (otp-service): its HOST must be loopback or have TLS. */
  readonly servesGrpc: boolean;
  readonly grpcTls: boolean;
}

type SecretName = keyof typeof DEV_DEFAULT_SECRETS;

/**
 * Every way a production configuration is unsafe, one line per offending variable (DESIGN §2, §6):
 * published development secrets, secrets and keys under 32 characters, secrets or keys shared between
 * roles, weak limits, a TRUST_PROXY that believes anyone (true, over 5 hops, CIDRs broader than /8 or
 * IPv6 /16), and a gRPC server on a non-loopback HOST without TLS (unless GRPC_ALLOW_INSECURE=true).
 */
export function productionProblems(raw: RawEnv, context: ProductionContext): string[] {
  return [
    ...secretProblems(raw, context.present),
    ...sharedSecretProblems(context.present, raw),
    ...keyListProblems(raw),
    ...weakSettings(raw, context),
    ...trustProxyProblems(raw.TRUST_PROXY),
  ];
}

/** The credentials of each role, in the order a shared one is reported (the later role is named). */
const ROLE_SECRETS = [
  'OTP_HASH_SECRET',
  'OTP_TOKEN_SECRET',
  'WHATSAPP_WEBHOOK_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'TWILIO_AUTH_TOKEN',
  'MSG91_WEBHOOK_SECRET',
] as const;

/**
 * Secrets and keys that must differ, every role from every other: a token secret equal to the hash
 * secret lets whoever verifies tokens forge code hashes; a backend key or gRPC token that is also the
 * token secret hands every token verifier a backend's rights; an admin key that is any other credential
 * makes its holder an administrator.
 */
function sharedSecretProblems(present: Readonly<Record<string, string>>, raw: RawEnv): string[] {
  const roles: ReadonlyArray<readonly [string, readonly string[]]> = [
    ...ROLE_SECRETS.map((name) => [name, present[name] === undefined ? [] : [present[name]]] as const),
    ['GATEWAY_API_KEYS', raw.GATEWAY_API_KEYS],
    ['GRPC_AUTH_TOKENS', raw.GRPC_AUTH_TOKENS],
    ['ADMIN_API_KEYS', raw.ADMIN_API_KEYS],
  ];
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, values] of roles) {
    const shared = values
      .map((value) => owner.get(value))
      .find((other): other is string => other !== undefined && other !== name);
    if (shared !== undefined) {
      problems.push(`${name}: must differ from ${shared} (each role needs its own secret)`);
    }
    for (const value of values) if (!owner.has(value)) owner.set(value, name);
  }
  return problems;
}

/** More proxy hops than this in front of an app is taken for a mistake (each hop can forge the client). */
export const MAX_TRUST_PROXY_HOPS = 5;
/** Broadest CIDRs TRUST_PROXY may name in production: a proxy fleet fits in a /8 (IPv4) or /16 (IPv6). */
export const MIN_TRUST_PROXY_PREFIX = { ipv4: 8, ipv6: 16 } as const;

/** Express matches IPv4 peers as `::ffff:a.b.c.d` too: an IPv6 range over this prefix trusts IPv4 clients. */
const IPV4_MAPPED = ipaddr.IPv6.parse('::ffff:0:0');

/**
 * A CIDR broader than IPv4 /8 or IPv6 /16, however it is spelt: an IPv6 range inside `::ffff:0:0/96`
 * (any spelling) is judged by its IPv4 part, and one that contains all of it covers every IPv4 client.
 */
function isTooBroad(item: string): boolean {
  let range: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  try {
    [range, bits] = ipaddr.parseCIDR(item);
  } catch {
    return false; // a name (`loopback`) or a single address: Express's own parser judges it
  }
  if (range.kind() === 'ipv4') return bits < MIN_TRUST_PROXY_PREFIX.ipv4;
  const v6 = range as ipaddr.IPv6;
  if (bits >= 96 && v6.isIPv4MappedAddress()) return bits - 96 < MIN_TRUST_PROXY_PREFIX.ipv4;
  if (bits < 96 && IPV4_MAPPED.match(v6, bits)) return true;
  return bits < MIN_TRUST_PROXY_PREFIX.ipv6;
}

/** TRUST_PROXY settings that believe (nearly) anyone's X-Forwarded-For, as `true` would. */
function trustProxyProblems(trust: RawEnv['TRUST_PROXY']): string[] {
  if (typeof trust === 'number') {
    return trust > MAX_TRUST_PROXY_HOPS
      ? [`TRUST_PROXY: more than ${MAX_TRUST_PROXY_HOPS} proxy hops is refused in production`]
      : [];
  }
  if (typeof trust === 'boolean') return [];
  const broad = trust.filter(isTooBroad);
  return broad.length > 0
    ? [
        `TRUST_PROXY: CIDRs broader than IPv4 /${MIN_TRUST_PROXY_PREFIX.ipv4} or IPv6 ` +
          `/${MIN_TRUST_PROXY_PREFIX.ipv6} believe nearly anyone (as true would); name the proxies’ own ranges`,
      ]
    : [];
}

function secretProblems(raw: RawEnv, present: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const inUse: SecretName[] = ['OTP_HASH_SECRET'];
  if (raw.OTP_TOKEN_PRIVATE_KEY_FILE === undefined) inUse.push('OTP_TOKEN_SECRET');
  // A webhook secret is in use when its provider sends from here or when it is set (the webhooks app).
  if (raw.TWILIO_ACCOUNT_SID || present['TWILIO_AUTH_TOKEN'] !== undefined) inUse.push('TWILIO_AUTH_TOKEN');
  for (const name of ['WHATSAPP_WEBHOOK_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const) {
    if (raw.WHATSAPP_ACCESS_TOKEN || present[name] !== undefined) inUse.push(name);
  }
  if (raw.MSG91_AUTH_KEY || present['MSG91_WEBHOOK_SECRET'] !== undefined) inUse.push('MSG91_WEBHOOK_SECRET');
  for (const name of inUse) {
    const value = present[name];
    if (value === undefined) problems.push(`${name}: required in production`);
    else if (value === DEV_DEFAULT_SECRETS[name]) {
      problems.push(`${name}: the development default is published in the repository; set a real secret`);
    } else if (value.length < MIN_SECRET_LENGTH) {
      problems.push(`${name}: must be at least ${MIN_SECRET_LENGTH} characters in production`);
    }
  }
  return problems;
}

function keyListProblems(raw: RawEnv): string[] {
  const problems: string[] = [];
  const lists = {
    GATEWAY_API_KEYS: { keys: raw.GATEWAY_API_KEYS, required: true },
    GRPC_AUTH_TOKENS: { keys: raw.GRPC_AUTH_TOKENS, required: true },
    ADMIN_API_KEYS: { keys: raw.ADMIN_API_KEYS, required: false },
  };
  for (const [name, { keys, required }] of Object.entries(lists)) {
    if (required && keys.length === 0) problems.push(`${name}: required in production`);
    if (keys.some((key) => key.length < MIN_SECRET_LENGTH)) {
      problems.push(`${name}: every key must be at least ${MIN_SECRET_LENGTH} characters in production`);
    }
  }
  return problems;
}

function weakSettings(raw: RawEnv, context: ProductionContext): string[] {
  const problems: string[] = [];
  const weak = (when: boolean, line: string) => {
    if (when) problems.push(line);
  };
  weak(raw.OTP_LENGTH < 6, 'OTP_LENGTH: codes shorter than 6 digits are refused in production');
  weak(
    raw.OTP_MAX_ATTEMPTS > 10,
    'OTP_MAX_ATTEMPTS: more than 10 attempts per code is refused in production',
  );
  weak(raw.OTP_TTL_SECONDS > 900, 'OTP_TTL_SECONDS: codes living over 15 minutes are refused in production');
  for (const name of [
    'OTP_RESEND_COOLDOWN_SECONDS',
    'OTP_MAX_SENDS_PER_WINDOW',
    'OTP_MAX_SENDS_PER_IP_PER_MINUTE',
    ...ABUSE_LIMITS,
  ] as const) {
    weak(raw[name] === 0, `${name}: a limit turned off (0) is refused in production`);
  }
  weak(
    raw.TRUST_PROXY === true,
    'TRUST_PROXY: true believes any X-Forwarded-For; give the hop count (e.g. 1) or the proxies’ CIDRs',
  );
  weak(
    context.servesGrpc && !context.grpcTls && !raw.GRPC_ALLOW_INSECURE && !isLoopbackHost(raw.HOST),
    'HOST: gRPC on a non-loopback address needs TLS (GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE), ' +
      'or GRPC_ALLOW_INSECURE=true when a mesh terminates TLS',
  );
  return problems;
}
