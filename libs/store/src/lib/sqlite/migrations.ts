import type Database from 'better-sqlite3';
import type { MigrationKeys } from '../migration-keys';

export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  /** Rewrites existing rows after `sql`, in the same transaction; may need the keys (OTP_HASH_SECRET). */
  readonly data?: (db: Database.Database, keys: MigrationKeys | undefined) => void;
}

/** Versioned schema of the SQLite store; `PRAGMA user_version` records how far a file has come. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
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
    version: 2,
    name: 'message ids as keyed hashes, code origin, no clear idempotent answers',
    // Provider message ids become `message_key` (their keyed hash: a wamid encodes the recipient's
    // number). Requests from before this version have an unknown code origin: they are marked `caller`,
    // so none of them can yield a token on the public verify route (fail closed; they expire in minutes).
    // Stored idempotent answers held the full number and the message id in clear and cannot be rewritten
    // without the raw Idempotency-Key: they are dropped (a retry after the upgrade sends again).
    sql: `
      ALTER TABLE otp_requests RENAME COLUMN message_id TO message_key;
      ALTER TABLE otp_requests ADD COLUMN code_origin TEXT NOT NULL DEFAULT 'caller';
      ALTER TABLE send_attempts RENAME COLUMN message_id TO message_key;
      ALTER TABLE deliveries RENAME COLUMN message_id TO message_key;
      DROP INDEX deliveries_message_id;
      CREATE INDEX deliveries_message_key ON deliveries (message_key);
      ALTER TABLE delivery_events RENAME COLUMN message_id TO message_key;
      DELETE FROM idempotency_keys;
    `,
    data: (db, keys) => {
      const tables = ['otp_requests', 'send_attempts', 'deliveries', 'delivery_events'];
      const hasIds = tables.some(
        (table) =>
          db.prepare(`SELECT 1 FROM ${table} WHERE message_key IS NOT NULL LIMIT 1`).get() !== undefined,
      );
      if (!hasIds) return;
      if (!keys) {
        throw new Error(
          'store migration 2 must hash stored message ids: open the store with its MigrationKeys',
        );
      }
      db.function('otp_message_key', { deterministic: true }, (id: unknown) => keys.messageKey(String(id)));
      for (const table of tables) {
        db.exec(
          `UPDATE ${table} SET message_key = otp_message_key(message_key) WHERE message_key IS NOT NULL`,
        );
      }
    },
  },
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
  {
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
  {
    version: 5,
    name: 'late SMS fallbacks: the locale, when a fallback is due and why, its claim, when it ran, the sealed phone',
    // `fallback_phone` is the one recoverable number at rest (DESIGN §9's exception): sealed by the engine
    // (AES-256-GCM, request id as associated data), kept only while the request may still fall back.
    // The partial indexes hold only those requests, so the duty's queries stay small.
    sql: `
      ALTER TABLE otp_requests ADD COLUMN locale TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_phone TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_due_at INTEGER;
      ALTER TABLE otp_requests ADD COLUMN fallback_reason TEXT;
      ALTER TABLE otp_requests ADD COLUMN fallback_claimed_until INTEGER;
      ALTER TABLE otp_requests ADD COLUMN fallback_at INTEGER;
      CREATE INDEX otp_requests_fallback_due ON otp_requests (fallback_due_at) WHERE fallback_phone IS NOT NULL;
      CREATE INDEX otp_requests_fallback_expiry ON otp_requests (expires_at) WHERE fallback_phone IS NOT NULL;
      CREATE INDEX otp_requests_fallback_message ON otp_requests (message_key) WHERE fallback_phone IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'country of each request',
    // ISO 3166-1 alpha-2 of the destination, set by the engine from libphonenumber at send time; rows
    // written before this version are unknown (ZZ).
    sql: `ALTER TABLE otp_requests ADD COLUMN country TEXT NOT NULL DEFAULT 'ZZ';`,
  },
  {
    version: 7,
    name: 'indexes for the operations stats',
    // Stats read a period of requests by creation time, then their attempts (by request) and deliveries.
    sql: `
      CREATE INDEX IF NOT EXISTS otp_requests_created_at ON otp_requests (created_at);
    `,
  },
  {
    version: 8,
    name: 'the audit trail',
    // AUTOINCREMENT: an audit id is never given twice, even after the newest rows were pruned, so a
    // paging cursor never points at another row.
    sql: `
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
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
    version: 9,
    name: 'the caller class of each request',
    // Rows from before this version are charged as authenticated callers (the smaller risk: the public
    // class has the tighter budgets, and these requests expire within minutes).
    sql: `ALTER TABLE otp_requests ADD COLUMN caller_class TEXT NOT NULL DEFAULT 'auth';`,
  },
  {
    version: 10,
    name: 'mock messages found by their request',
    // Mock sends open no delivery record any more (issue 12): a status lookup by a mock message id reads
    // the request, through this index of mock requests only (real sends add nothing to it).
    sql: `CREATE INDEX otp_requests_mock_message ON otp_requests (message_key) WHERE mock = 1;`,
  },
];
