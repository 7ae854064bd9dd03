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
  {
    // Issue 13 (SMS routing). Versions 2 and 3 belong to other branches; the lead orders them on merge.
    version: 4,
    name: 'circuit breakers shared by every instance, and why each send attempt was made',
    sql: `
      CREATE TABLE circuit_breakers (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        consecutive_failures INTEGER NOT NULL,
        opened_at INTEGER,
        probe_until INTEGER,
        updated_at INTEGER NOT NULL
      );
      ALTER TABLE send_attempts ADD COLUMN reason TEXT;
    `,
  },
];
