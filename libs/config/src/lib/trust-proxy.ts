import { isIP } from 'node:net';

/** The names Express's trust-proxy setting (proxy-addr) accepts for whole address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(item: string): boolean {
  if (RANGE_NAMES.has(item)) return true;
  const [address = '', prefix, extra] = item.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY in the forms Express's `trust proxy` takes (https://expressjs.com/en/guide/behind-proxies.html):
 * `false`/`true`, a hop count (`1` = the one load balancer in front), or a comma-separated list of
 * addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`. Null when it is none of these.
 */
export function parseTrustProxy(value: string): boolean | number | readonly string[] | null {
  const text = value.trim().toLowerCase();
  if (text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return items.length > 0 && items.every(isAddressOrCidr) ? items : null;
}
