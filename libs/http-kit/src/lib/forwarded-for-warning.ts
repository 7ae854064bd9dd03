import type { RequestHandler } from 'express';
import type { Logger } from '@agent-mitra/observability';

/**
 * With TRUST_PROXY off, an `X-Forwarded-For` means a proxy stands in front and every client looks like
 * its address (one per-IP bucket for everyone). Says so once per process, at warn, without the header.
 */
export function forwardedForWarning(
  trustProxy: boolean | number | readonly string[],
  logger: Logger,
): RequestHandler {
  const trustsNone = trustProxy === false || trustProxy === 0;
  let warned = false;
  return (req, _res, next) => {
    if (trustsNone && !warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { setting: 'TRUST_PROXY' },
        'X-Forwarded-For received while TRUST_PROXY is off: per-IP limits see the proxy, not the client; ' +
          'set TRUST_PROXY to the hop count or the proxies’ CIDRs',
      );
    }
    next();
  };
}
