import type Database from 'better-sqlite3';
import type { BreakerState } from '@agent-mitra/contract';
import { breakerAfterFailure, closedBreaker, decideBreaker } from '../breaker-rules';
import type { BreakerPermit, BreakerRecord, BreakerSettings, BreakerStore, BreakerUpdate } from '../port';
import type { SqliteConnection } from './connection';

interface BreakerRow {
  name: string;
  state: string;
  consecutive_failures: number;
  opened_at: number | null;
  probe_until: number | null;
  updated_at: number;
}

const toRecord = (row: BreakerRow): BreakerRecord => ({
  name: row.name,
  state: row.state as BreakerState,
  consecutiveFailures: row.consecutive_failures,
  openedAt: row.opened_at === null ? null : Number(row.opened_at),
  probeUntil: row.probe_until === null ? null : Number(row.probe_until),
  updatedAt: Number(row.updated_at),
});

/**
 * Circuit breakers on SQLite: each decision reads and writes the row inside one `BEGIN IMMEDIATE`
 * transaction, so processes sharing the file count the same failures and grant one probe at a time.
 */
export class SqliteBreakers implements BreakerStore {
  private readonly read: Database.Statement<[string], BreakerRow>;
  private readonly write: Database.Statement;
  private readonly all: Database.Statement<[], BreakerRow>;

  constructor(private readonly c: SqliteConnection) {
    this.read = c.db.prepare('SELECT * FROM circuit_breakers WHERE name = ?');
    this.write = c.db.prepare(
      `INSERT INTO circuit_breakers (name, state, consecutive_failures, opened_at, probe_until, updated_at)
       VALUES (@name, @state, @consecutiveFailures, @openedAt, @probeUntil, @updatedAt)
       ON CONFLICT (name) DO UPDATE SET state = excluded.state,
         consecutive_failures = excluded.consecutive_failures, opened_at = excluded.opened_at,
         probe_until = excluded.probe_until, updated_at = excluded.updated_at`,
    );
    this.all = c.db.prepare('SELECT * FROM circuit_breakers ORDER BY name');
  }

  acquireBreaker(name: string, now: number, settings: BreakerSettings): Promise<BreakerPermit> {
    return this.c.tx(() => {
      const row = this.read.get(name);
      const current = row ? toRecord(row) : closedBreaker(name, now);
      const decision = decideBreaker(current, now, settings);
      if (decision.next) this.write.run(decision.next);
      return decision.permit;
    });
  }

  recordBreakerOutcome(
    name: string,
    outcome: 'success' | 'failure',
    now: number,
    settings: BreakerSettings,
  ): Promise<BreakerUpdate> {
    return this.c.tx(() => {
      const row = this.read.get(name);
      const current = row ? toRecord(row) : closedBreaker(name, now);
      const record =
        outcome === 'success' ? closedBreaker(name, now) : breakerAfterFailure(current, now, settings);
      this.write.run(record);
      return { previous: current.state, record };
    });
  }

  listBreakers(): Promise<BreakerRecord[]> {
    return this.c.run(() => this.all.all().map(toRecord));
  }
}
