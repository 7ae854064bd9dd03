import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one bucket (and recorded address) shared by every client address that does not parse: a proxy
 * that forwards junk in `X-Forwarded-For` must not hand each junk value a fresh per-address budget.
 */
export const UNPARSEABLE_ADDRESS = 'unparseable';

/**
 * The address part of what `req.ip` / `X-Forwarded-For` gave, or null when it is not an address.
 * Stripped first: surrounding spaces, `[…]` brackets with an optional `:port` (`[2001:db8::1]:443`),
 * an IPv4 `:port` (`10.1.1.1:1234`), an IPv6 zone id (`fe80::1%eth0`, RFC 4007 §11). Then one rule:
 * the rest must be an address as Node's `net.isIP` reads it — dotted decimal without leading zeros,
 * so `010.001.001.001`, `0x0a.1.1.1` or `167837953` (which ipaddr.js and inet_aton read as octal, hex
 * or a 32-bit number) are not addresses and share the {@link UNPARSEABLE_ADDRESS} bucket.
 */
function parseAddress(raw: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  let host = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(host);
  if (bracketed?.[1] !== undefined) host = bracketed[1];
  else if (/^[^:]+:\d{1,5}$/.test(host)) host = host.slice(0, host.lastIndexOf(':'));
  const zone = host.indexOf('%');
  if (zone >= 0 && host.includes(':')) host = host.slice(0, zone);
  if (isIP(host) === 0) return null;
  try {
    return ipaddr.process(withHexTail(host));
  } catch {
    return null; // what Node reads as an address but ipaddr.js cannot: one shared bucket, never a 500
  }
}

/**
 * An IPv6 address written with a dotted IPv4 tail other than `::ffff:` (`64:ff9b::1.2.3.4`, NAT64's
 * well-known prefix, RFC 6052) in all-hex form, which ipaddr.js 1.x parses: `64:ff9b::102:304`.
 */
function withHexTail(host: string): string {
  const tail = /^(.*:)(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (tail === null || /^::ffff:/i.test(host)) return host;
  const [a = 0, b = 0, c = 0, d = 0] = tail.slice(2).map(Number);
  return `${tail[1] ?? ''}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * The address a client is counted and recorded under: an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`,
 * how a dual-stack server sees IPv4 clients) as the IPv4 address, an IPv6 address in its normalised form
 * without zone id, a port or brackets stripped (see `parseAddress`). Anything else is
 * {@link UNPARSEABLE_ADDRESS}. Only ever hashed before it is stored.
 */
export function clientAddress(ip: string): string {
  const parsed = parseAddress(ip);
  if (parsed === null) return UNPARSEABLE_ADDRESS;
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toNormalizedString() : parsed.toString();
}

/**
 * The block a per-address limit counts (DESIGN §8): an IPv4 address itself, an IPv6 address by its /64 —
 * the smallest prefix a provider assigns one subscriber (RFC 6177), so a client cannot get a fresh bucket
 * per address by rotating the interface identifier. E.g. `2001:db8:1:2:a:b:c:d` → `2001:db8:1:2::/64`.
 * Normalised as {@link clientAddress}; anything unparseable is the one {@link UNPARSEABLE_ADDRESS} bucket.
 */
export function addressBlock(ip: string): string {
  const parsed = parseAddress(ip);
  if (parsed === null) return UNPARSEABLE_ADDRESS;
  if (parsed.kind() !== 'ipv6') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

/**
 * A check to run on each request's client address: the first unparseable one is logged at warn, once
 * per process (a misbehaving proxy would otherwise flood the log), without the value itself.
 */
export function unparseableAddressWarning(logger: {
  warn(fields: Record<string, unknown>, message: string): void;
}): (ip: string | undefined) => void {
  let warned = false;
  return (ip) => {
    if (warned || ip === undefined || parseAddress(ip) !== null) return;
    warned = true;
    logger.warn(
      { setting: 'TRUST_PROXY', bucket: UNPARSEABLE_ADDRESS },
      'a client address does not parse (check what the proxy puts in X-Forwarded-For); ' +
        'such clients share one per-address budget',
    );
  };
}
