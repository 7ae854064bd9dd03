import type { RequestHandler } from 'express';
import type { Histogram } from 'prom-client';

/**
 * Times every request into `http_request_duration_seconds`, labelled by the route pattern (never the
 * raw path, which may carry ids) — `unmatched` for 404s.
 */
export function httpMetrics(histogram: Histogram<'route' | 'method' | 'status'>): RequestHandler {
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        method: req.method,
        status: String(res.statusCode),
      });
    });
    next();
  };
}
