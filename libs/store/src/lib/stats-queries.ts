/**
 * The SQL of the operations stats, written once in the dialect SQLite and PostgreSQL share (CASE sums,
 * integer division of integers, GROUP BY ordinals), so both adapters count the same way. Parameters are
 * named `:from`, `:to`, `:bucket`, `:limit`; each adapter binds them its own way (`namedToPositional`
 * for PostgreSQL). A request's bucket is `(created_at - :from) / :bucket`.
 */
const BUCKET = 'CAST((r.created_at - :from) / :bucket AS INTEGER)';
const PERIOD = 'r.created_at >= :from AND r.created_at < :to';
const ATTEMPTS = `otp_requests r JOIN send_attempts a ON a.request_id = r.id`;
const FAILED_EVENTS = `delivery_events e ON e.provider = a.provider AND e.message_key = a.message_key
  AND e.status IN ('failed', 'undelivered')`;

export const STATS_SQL = {
  messages: `
    SELECT ${BUCKET} AS bucket, a.channel AS channel, r.country AS country, a.provider AS provider,
      SUM(CASE WHEN a.message_key IS NOT NULL THEN 1 ELSE 0 END) AS sent,
      SUM(CASE WHEN d.status IN ('delivered', 'read') THEN 1 ELSE 0 END) AS delivered,
      SUM(CASE WHEN d.status = 'read' THEN 1 ELSE 0 END) AS read_count,
      SUM(CASE WHEN a.message_key IS NULL OR d.status IN ('failed', 'undelivered') THEN 1 ELSE 0 END) AS failed
    FROM ${ATTEMPTS}
    LEFT JOIN deliveries d ON d.provider = a.provider AND d.message_key = a.message_key
    WHERE ${PERIOD}
    GROUP BY 1, 2, 3, 4`,
  // Requests that sent a code (a message accepted, or verified anyway), by the channel that carried the
  // last code: the denominator of conversion. A fallback is a second message of the same request, so it
  // adds to `sent` (what cost needs) but not here.
  verified: `
    SELECT ${BUCKET} AS bucket, COALESCE(r.channel_used, r.channel) AS channel, r.country AS country,
      COUNT(*) AS requests,
      SUM(CASE WHEN r.state = 'verified' THEN 1 ELSE 0 END) AS verified
    FROM otp_requests r
    WHERE ${PERIOD} AND (r.state = 'verified' OR EXISTS (
      SELECT 1 FROM send_attempts a WHERE a.request_id = r.id AND a.message_key IS NOT NULL))
    GROUP BY 1, 2, 3`,
  // The first delivered/read event of each accepted message, minus the time of its send attempt.
  deliveryTimes: `
    SELECT ${BUCKET} AS bucket, a.channel AS channel, r.country AS country, a.provider AS provider,
      MIN(e.at) - a.at AS ms
    FROM ${ATTEMPTS}
    JOIN delivery_events e ON e.provider = a.provider AND e.message_key = a.message_key
      AND e.status IN ('delivered', 'read')
    WHERE ${PERIOD}
    GROUP BY r.id, r.created_at, r.country, a.provider, a.message_key, a.channel, a.at`,
  sendErrors: `
    SELECT a.provider AS provider, a.channel AS channel, a.error_code AS code, COUNT(*) AS count,
      MAX(a.error_message) AS message
    FROM ${ATTEMPTS}
    WHERE ${PERIOD} AND a.message_key IS NULL
    GROUP BY a.provider, a.channel, a.error_code`,
  receiptErrors: `
    SELECT e.provider AS provider, a.channel AS channel, e.error_code AS code, COUNT(*) AS count,
      MAX(e.error_message) AS message
    FROM ${ATTEMPTS}
    JOIN ${FAILED_EVENTS}
    WHERE ${PERIOD}
    GROUP BY e.provider, a.channel, e.error_code`,
  reasons: `
    SELECT a.reason AS reason, COUNT(*) AS count
    FROM ${ATTEMPTS}
    WHERE ${PERIOD} AND a.reason IS NOT NULL
    GROUP BY a.reason`,
  sendFailures: `
    SELECT a.at AS at, r.id AS request_id, a.channel AS channel, a.provider AS provider, r.country AS country,
      a.status AS status, a.error_code AS code, a.error_message AS message, a.recipient_masked AS recipient
    FROM ${ATTEMPTS}
    WHERE ${PERIOD} AND a.message_key IS NULL
    ORDER BY a.at DESC, r.id
    LIMIT :limit`,
  receiptFailures: `
    SELECT e.at AS at, r.id AS request_id, a.channel AS channel, e.provider AS provider, r.country AS country,
      e.status AS status, e.error_code AS code, e.error_message AS message, a.recipient_masked AS recipient
    FROM ${ATTEMPTS}
    JOIN ${FAILED_EVENTS}
    WHERE ${PERIOD}
    ORDER BY e.at DESC, r.id
    LIMIT :limit`,
} as const;

export type StatsStatement = keyof typeof STATS_SQL;

/** The values a statement's named parameters take. */
export interface StatsParams {
  readonly from: number;
  readonly to: number;
  readonly bucket: number;
  readonly limit: number;
}

/**
 * `:name` → `$1`, `$2`… in order of first use, with the values in that order (PostgreSQL wants exactly
 * the parameters a statement uses).
 */
export function namedToPositional(sql: string, params: StatsParams): { text: string; values: number[] } {
  const order: (keyof StatsParams)[] = [];
  const text = sql.replace(/:(from|to|bucket|limit)\b/g, (_match, name: keyof StatsParams) => {
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { text, values: order.map((name) => params[name]) };
}
