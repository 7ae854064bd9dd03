import ipaddr from 'ipaddr.js';

/**
 * The address a client is counted and recorded under: an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`,
 * how a dual-stack server sees IPv4 clients) as the IPv4 address, an IPv6 address in its normalised form.
 * Anything unparseable stays as given (it is only ever hashed).
 */
export function clientAddress(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  return parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toNormalizedString() : parsed.toString();
}

/**
 * The block a per-address limit counts (DESIGN §8): an IPv4 address itself, an IPv6 address by its /64 —
 * the smallest prefix a provider assigns one subscriber (RFC 6177), so a client cannot get a fresh bucket
 * per address by rotating the interface identifier. E.g. `2001:db8:1:2:a:b:c:d` → `2001:db8:1:2::/64`.
 */
export function addressBlock(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() !== 'ipv6') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
