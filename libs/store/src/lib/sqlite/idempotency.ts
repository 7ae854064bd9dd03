import type Database from 'better-sqlite3';
import type { IdempotencyClaim, IdempotencyClaimInput, IdempotencyStore } from '../port';
import type { SqliteConnection } from './connection';

interface ClaimRow {
  fingerprint: string;
  response: string | null;
  created_at: number;
  expires_at: number;
}

/** Idempotency-Key claims on SQLite: read and claim in one transaction. */
export class SqliteIdempotency implements IdempotencyStore {
  private readonly read: Database.Statement<[string, string], ClaimRow>;
  private readonly claim: Database.Statement;
  private readonly complete: Database.Statement<[string, string, string]>;
  private readonly release: Database.Statement<[string, string]>;

  constructor(private readonly c: SqliteConnection) {
    const db = c.db;
    this.read = db.prepare(
      'SELECT fingerprint, response, created_at, expires_at FROM idempotency_keys WHERE scope = ? AND key = ?',
    );
    this.claim = db.prepare(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, response, created_at, expires_at)
       VALUES (?, ?, ?, NULL, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response = NULL,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.complete = db.prepare('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?');
    this.release = db.prepare(
      'DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response IS NULL',
    );
  }

  claimIdempotency(c: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    return this.c.tx(() => {
      const row = this.read.get(c.scope, c.key);
      if (row && row.expires_at > c.now) {
        if (row.fingerprint !== c.fingerprint) return { state: 'conflict' } as const;
        if (row.response !== null) return { state: 'replay', response: row.response } as const;
        if (row.created_at + c.staleAfterMs > c.now) return { state: 'in_progress' } as const;
      }
      this.claim.run(c.scope, c.key, c.fingerprint, c.now, c.now + c.ttlMs);
      return { state: 'claimed' } as const;
    });
  }

  completeIdempotency(scope: string, key: string, response: string): Promise<void> {
    return this.c.run(() => {
      this.complete.run(response, scope, key);
    });
  }

  releaseIdempotency(scope: string, key: string): Promise<void> {
    return this.c.run(() => {
      this.release.run(scope, key);
    });
  }
}
