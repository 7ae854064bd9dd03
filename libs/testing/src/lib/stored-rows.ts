import Database from 'better-sqlite3';

/** Every table a request could write to, in the SQLite store. */
const TABLES = [
  'otp_requests',
  'send_attempts',
  'deliveries',
  'delivery_events',
  'rate_counters',
  'idempotency_keys',
  'audit_log',
] as const;

/**
 * How many rows each table of a SQLite store file holds (read on a connection of its own, as another
 * process would), so a test can say "nothing was stored". Audit rows of admin accesses are left out:
 * reading the trail is itself recorded.
 */
export function storedRows(file: string): Record<(typeof TABLES)[number], number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const counts = {} as Record<(typeof TABLES)[number], number>;
    for (const table of TABLES) {
      const where = table === 'audit_log' ? " WHERE action <> 'admin'" : '';
      counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}${where}`).get() as { n: number }).n;
    }
    return counts;
  } finally {
    db.close();
  }
}
