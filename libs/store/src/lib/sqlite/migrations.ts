/** Versioned schema of the SQLite store; `PRAGMA user_version` records how far a file has come. */
export const SQLITE_MIGRATIONS: readonly {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}[] = [
  {
    version: 1,
    name: 'requests, deliveries, counters, idempotency',
    sql: `
      CREATE TABLE otp_requests (
        id TEXT PRIMARY KEY,
        phone_hash TEXT NOT NULL,
        phone_masked TEXT NOT NULL,
        channel TEXT NOT NULL,
        purpose TEXT,
        code_hash TEXT NOT NULL,
        mock INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        state TEXT NOT NULL,
        verified_at INTEGER,
        provider TEXT,
        message_id TEXT,
        channel_used TEXT
      );
      CREATE INDEX otp_requests_phone_pending ON otp_requests (phone_hash, state, created_at);

      CREATE TABLE send_attempts (
        request_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        channel TEXT NOT NULL,
        provider TEXT NOT NULL,
        message_id TEXT,
        status TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        recipient_masked TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (request_id, seq)
      );

      CREATE TABLE deliveries (
        provider TEXT NOT NULL,
        message_id TEXT NOT NULL,
        request_id TEXT,
        channel TEXT,
        status TEXT NOT NULL,
        recipient_masked TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (provider, message_id)
      );
      CREATE INDEX deliveries_message_id ON deliveries (message_id);
      CREATE INDEX deliveries_request_id ON deliveries (request_id);

      CREATE TABLE delivery_events (
        provider TEXT NOT NULL,
        message_id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        status TEXT NOT NULL,
        at INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        error_code TEXT,
        error_message TEXT,
        details TEXT,
        PRIMARY KEY (provider, message_id, dedupe_key)
      );

      CREATE TABLE rate_counters (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at INTEGER NOT NULL
      );

      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        response TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
      );
    `,
  },
  // Version 2 belongs to the privacy changes of issue 8 (message keys, origin of codes).
  {
    version: 3,
    name: 'indexes for housekeeping batches',
    sql: `
      CREATE INDEX IF NOT EXISTS otp_requests_expires_at ON otp_requests (expires_at);
      CREATE INDEX IF NOT EXISTS deliveries_updated_at ON deliveries (updated_at);
      CREATE INDEX IF NOT EXISTS rate_counters_reset_at ON rate_counters (reset_at);
      CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON idempotency_keys (expires_at);
    `,
  },
];
