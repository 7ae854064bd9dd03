import type { BreakerState } from '@agent-mitra/contract';
import { breakerAfterFailure, closedBreaker, decideBreaker } from '../breaker-rules';
import type { BreakerPermit, BreakerRecord, BreakerSettings, BreakerStore, BreakerUpdate } from '../port';
import { statement, type PostgresConnection, type Queryable } from './connection';

interface BreakerRow {
  name: string;
  state: string;
  consecutive_failures: number;
  opened_at: string | null;
  probe_until: string | null;
  updated_at: string;
}

const toRecord = (row: BreakerRow): BreakerRecord => ({
  name: row.name,
  state: row.state as BreakerState,
  consecutiveFailures: row.consecutive_failures,
  openedAt: row.opened_at === null ? null : Number(row.opened_at),
  probeUntil: row.probe_until === null ? null : Number(row.probe_until),
  updatedAt: Number(row.updated_at),
});

// An outcome for a breaker never seen creates its closed row first, so there is always a row to lock.
const ensure = statement(
  'breakers.ensure',
  `INSERT INTO circuit_breakers (name, state, consecutive_failures, updated_at) VALUES ($1, 'closed', 0, $2)
   ON CONFLICT DO NOTHING`,
);
const lock = statement('breakers.lock', 'SELECT * FROM circuit_breakers WHERE name = $1 FOR UPDATE');
const write = statement(
  'breakers.write',
  `UPDATE circuit_breakers SET state = $2, consecutive_failures = $3, opened_at = $4, probe_until = $5,
     updated_at = $6 WHERE name = $1`,
);
const all = statement('breakers.all', 'SELECT * FROM circuit_breakers ORDER BY name');

/**
 * Circuit breakers on PostgreSQL: each decision locks the breaker's row (`SELECT … FOR UPDATE`) in one
 * transaction, so every instance counts the same failures and one probe at a time is granted.
 */
export class PostgresBreakers implements BreakerStore {
  constructor(private readonly c: PostgresConnection) {}

  acquireBreaker(name: string, now: number, settings: BreakerSettings): Promise<BreakerPermit> {
    return this.c.tx(async (db) => {
      // A breaker never seen is closed and lets the call through: nothing to write (none is created).
      const row = (await db.query<BreakerRow>(lock(name))).rows[0];
      const current = row ? toRecord(row) : closedBreaker(name, now);
      const decision = decideBreaker(current, now, settings);
      if (decision.next) await save(db, decision.next);
      return decision.permit;
    });
  }

  recordBreakerOutcome(
    name: string,
    outcome: 'success' | 'failure',
    now: number,
    settings: BreakerSettings,
  ): Promise<BreakerUpdate> {
    return this.c.tx(async (db) => {
      const current = await locked(db, name, now);
      const record =
        outcome === 'success' ? closedBreaker(name, now) : breakerAfterFailure(current, now, settings);
      await save(db, record);
      return { previous: current.state, record };
    });
  }

  async listBreakers(): Promise<BreakerRecord[]> {
    return (await this.c.run<BreakerRow>(all())).rows.map(toRecord);
  }
}

async function locked(db: Queryable, name: string, now: number): Promise<BreakerRecord> {
  await db.query(ensure(name, now));
  const row = (await db.query<BreakerRow>(lock(name))).rows[0];
  return row ? toRecord(row) : closedBreaker(name, now);
}

async function save(db: Queryable, r: BreakerRecord): Promise<void> {
  await db.query(write(r.name, r.state, r.consecutiveFailures, r.openedAt, r.probeUntil, r.updatedAt));
}
