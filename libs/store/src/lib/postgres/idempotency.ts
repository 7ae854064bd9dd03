import type { IdempotencyClaim, IdempotencyClaimInput, IdempotencyStore } from '../port';
import { statement, type PostgresConnection } from './connection';

// Takes the key when it is new, expired, or a stale claim of the same body; otherwise locks it unchanged.
const claim = statement(
  'idempotency.claim',
  `INSERT INTO idempotency_keys AS k (scope, key, fingerprint, response, created_at, expires_at)
   VALUES ($1, $2, $3, NULL, $4, $5)
   ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, response = NULL,
     created_at = excluded.created_at, expires_at = excluded.expires_at
   WHERE k.expires_at <= $4
      OR (k.fingerprint = excluded.fingerprint AND k.response IS NULL AND k.created_at + $6 <= $4)
   RETURNING 1`,
);
const read = statement(
  'idempotency.read',
  'SELECT fingerprint, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
);
const complete = statement(
  'idempotency.complete',
  'UPDATE idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2',
);
const release = statement(
  'idempotency.release',
  'DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response IS NULL',
);

/** Idempotency-Key claims on PostgreSQL: one upsert claims or locks the key; the same transaction reads why not. */
export class PostgresIdempotency implements IdempotencyStore {
  constructor(private readonly c: PostgresConnection) {}

  claimIdempotency(input: IdempotencyClaimInput): Promise<IdempotencyClaim> {
    const { scope, key, fingerprint, now } = input;
    return this.c.tx(async (db): Promise<IdempotencyClaim> => {
      const taken = await db.query(
        claim(scope, key, fingerprint, now, now + input.ttlMs, input.staleAfterMs),
      );
      if (taken.rowCount === 1) return { state: 'claimed' };
      const row = (await db.query<{ fingerprint: string; response: string | null }>(read(scope, key)))
        .rows[0];
      if (!row) return { state: 'in_progress' }; // not reachable: the upsert locked the row
      if (row.fingerprint !== fingerprint) return { state: 'conflict' };
      return row.response === null ? { state: 'in_progress' } : { state: 'replay', response: row.response };
    });
  }

  async completeIdempotency(scope: string, key: string, response: string): Promise<void> {
    await this.c.run(complete(scope, key, response));
  }

  async releaseIdempotency(scope: string, key: string): Promise<void> {
    await this.c.run(release(scope, key));
  }
}
