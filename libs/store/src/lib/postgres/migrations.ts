import type { PostgresConnection } from './connection';

/** Versioned schema of the PostgreSQL store; `schema_migrations` records what a database has. */
export const POSTGRES_MIGRATIONS: readonly {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}[] = [
  {
    version: 1,
    name: 'requests, deliveries, counters, idempotency (provider message ids only as keyed hashes)',
    sql: `
      CREATE TABLE otp_requests (
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT PRIMARY KEY,
        phone_hash TEXT NOT NULL,
        phone_masked TEXT NOT NULL,
        channel TEXT NOT NULL,
        purpose TEXT,
        code_hash TEXT NOT NULL,
        code_origin TEXT NOT NULL DEFAULT 'caller',
        mock BOOLEAN NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        state TEXT NOT NULL,
        verified_at BIGINT,
        provider TEXT,
        message_key TEXT,
        channel_used TEXT
      );
      CREATE INDEX otp_requests_phone_pending ON otp_requests (phone_hash, created_at DESC, seq DESC)
        WHERE state = 'pending';
      CREATE INDEX otp_requests_expires_at ON otp_requests (expires_at);

      CREATE TABLE send_attempts (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        provider TEXT NOT NULL,
        message_key TEXT,
        status TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        recipient_masked TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX send_attempts_request_id ON send_attempts (request_id, id);

      CREATE TABLE deliveries (
        provider TEXT NOT NULL,
        message_key TEXT NOT NULL,
        request_id TEXT,
        channel TEXT,
        status TEXT NOT NULL,
        recipient_masked TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (provider, message_key)
      );
      CREATE INDEX deliveries_message_key ON deliveries (message_key, updated_at DESC);
      CREATE INDEX deliveries_request_id ON deliveries (request_id);
      CREATE INDEX deliveries_updated_at ON deliveries (updated_at);

      CREATE TABLE delivery_events (
        id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        provider TEXT NOT NULL,
        message_key TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        status TEXT NOT NULL,
        at BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        details JSONB,
        PRIMARY KEY (provider, message_key, dedupe_key)
      );

      CREATE TABLE rate_counters (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at BIGINT NOT NULL
      );
      CREATE INDEX rate_counters_reset_at ON rate_counters (reset_at);

      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        response TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
    `,
  },
  {
    version: 2,
    name: 'circuit breakers shared by every instance, and why each send attempt was made',
    sql: `
      CREATE TABLE circuit_breakers (
        name TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        consecutive_failures INTEGER NOT NULL,
        opened_at BIGINT,
        probe_until BIGINT,
        updated_at BIGINT NOT NULL
      );
      ALTER TABLE send_attempts ADD COLUMN reason TEXT;
    `,
  },
  {
    version: 3,
    name: 'late SMS fallbacks: the locale, when a fallback is due and why, its claim, when it ran, the sealed phone',
    // `fallback_phone` is the one recoverable number at rest (DESIGN §9's exception): sealed by the engine
    // (AES-256-GCM, request id as associated data), kept only while the request may still fall back.
    // The partial indexes hold only those requests, so the duty's queries stay small.
    sql: `
      ALTER TABLE otp_requests ADD COLUMN locale TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_phone TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_due_at BIGINT;
      ALTER TABLE otp_requests ADD COLUMN fallback_reason TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_claimed_until BIGINT;
      ALTER TABLE otp_requests ADD COLUMN fallback_at BIGINT;
      CREATE INDEX otp_requests_fallback_due ON otp_requests (fallback_due_at) WHERE fallback_phone IS NOT NULL;
      CREATE INDEX otp_requests_fallback_expiry ON otp_requests (expires_at) WHERE fallback_phone IS NOT NULL;
      CREATE INDEX otp_requests_fallback_message ON otp_requests (message_key) WHERE fallback_phone IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'country of each request',
    // ISO 3166-1 alpha-2 of the destination, set by the engine from libphonenumber at send time; rows
    // written before this version are unknown (ZZ).
    sql: `ALTER TABLE otp_requests ADD COLUMN country TEXT NOT NULL DEFAULT 'ZZ';`,
  },
  {
    version: 5,
    name: 'indexes for the operations stats',
    // Stats read a period of requests by creation time, then their attempts (by request) and deliveries.
    sql: `CREATE INDEX IF NOT EXISTS otp_requests_created_at ON otp_requests (created_at);`,
  },
  {
    version: 6,
    name: 'the audit trail',
    sql: `
      CREATE TABLE audit_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        action TEXT NOT NULL,
        request_id TEXT,
        channel TEXT,
        provider TEXT,
        outcome TEXT NOT NULL,
        detail TEXT,
        caller_kind TEXT NOT NULL,
        caller_id TEXT,
        client_ip_hash TEXT,
        phone_hash TEXT,
        phone_masked TEXT,
        country TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_phone_hash ON audit_log (phone_hash, id);
      CREATE INDEX audit_log_request_id ON audit_log (request_id, id);
    `,
  },
  {
    version: 7,
    name: 'the caller class of each request',
    sql: `ALTER TABLE otp_requests ADD COLUMN caller_class TEXT NOT NULL DEFAULT 'auth';`,
  },
  {
    version: 8,
    name: 'quota buckets checked and taken in one call; mock messages found by their request',
    // The body of the old consumeQuota transaction as one function, so a send's limits cost one round
    // trip (issue 12): every bucket gets a row (empty when new) and is locked, both in key order so that
    // concurrent sends never deadlock; then the refusal with the longest wait (ties: the first bucket
    // given) is answered and nothing taken, or every bucket is taken. Each statement of a volatile
    // PL/pgSQL function reads a fresh snapshot, so the check sees what the lock waited for.
    // Mock sends open no delivery record any more: a status lookup by a mock message id reads the
    // request, through an index of mock requests only (real sends add nothing to it).
    sql: `
      CREATE FUNCTION otp_take_quota(p_keys TEXT[], p_limits BIGINT[], p_windows BIGINT[], p_now BIGINT)
      RETURNS TABLE (refused_key TEXT, retry_after_ms BIGINT) LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO rate_counters (key, count, reset_at)
          SELECT k, 0, 0 FROM unnest(p_keys) AS k ORDER BY k ON CONFLICT DO NOTHING;
        PERFORM 1 FROM rate_counters WHERE key = ANY(p_keys) ORDER BY key FOR UPDATE;
        RETURN QUERY
          SELECT b.key, r.reset_at - p_now
          FROM unnest(p_keys, p_limits) WITH ORDINALITY AS b(key, lim, n)
          JOIN rate_counters r ON r.key = b.key
          WHERE r.reset_at > p_now AND r.count >= b.lim
          ORDER BY r.reset_at - p_now DESC, b.n LIMIT 1;
        IF FOUND THEN RETURN; END IF;
        UPDATE rate_counters r SET
          count = CASE WHEN r.reset_at <= p_now THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= p_now THEN p_now + b.win ELSE r.reset_at END
        FROM unnest(p_keys, p_windows) AS b(key, win) WHERE r.key = b.key;
      END $$;
      CREATE INDEX otp_requests_mock_message ON otp_requests (message_key) WHERE mock;
    `,
  },
];

// pg_advisory_xact_lock key: any constant shared by every instance ("agentmit" in ASCII).
const MIGRATION_LOCK = '7018690069354342772';

/**
 * Brings the schema up to date in one transaction under a transaction-level advisory lock, so when
 * several instances start at once one migrates and the others wait, then find nothing left to do.
 */
export function migratePostgres(connection: PostgresConnection): Promise<void> {
  return connection.tx(async (db) => {
    await db.query({ text: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})` });
    await db.query({
      text: `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    });
    const applied = await db.query<{ version: number }>({ text: 'SELECT version FROM schema_migrations' });
    const done = new Set(applied.rows.map((row) => row.version));
    for (const migration of POSTGRES_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await db.query({ text: migration.sql });
      await db.query({
        text: 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)',
        values: [migration.version, migration.name],
      });
    }
  });
}
