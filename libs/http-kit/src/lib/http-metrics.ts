import type { Request, RequestHandler } from 'express';
import type { Histogram } from 'prom-client';

/**
 * Keeps the full pattern (`/api/v1/otp/send`) of the route that matched `req`. Express sets `req.route`
 * to the route as it dispatches to it, while `req.baseUrl` is the mount path of its router; by the time
 * the response finishes, a refusal thrown out of the router has reset `req.baseUrl` to '' (a label of
 * `/send`). So the pattern is taken at the moment the route is set.
 */
function recordRoutePattern(req: Request): () => string | undefined {
  let route: unknown = req.route;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      pattern = typeof path === 'string' ? `${req.baseUrl}${path}` : undefined;
    },
  });
  return () => pattern;
}

/**
 * Times every request into `http_request_duration_seconds`, labelled by the full route pattern
 * (`/api/v1/otp/requests/:id`, never the raw path, which may carry ids, so the label set stays bounded)
 * — `unmatched` when no route matched (404s).
 */
export function httpMetrics(histogram: Histogram<'route' | 'method' | 'status'>): RequestHandler {
  return (req, res, next) => {
    const end = histogram.startTimer();
    const pattern = recordRoutePattern(req);
    res.once('finish', () => {
      end({
        route: pattern() ?? 'unmatched',
        method: req.method,
        status: String(res.statusCode),
      });
    });
    next();
  };
}
