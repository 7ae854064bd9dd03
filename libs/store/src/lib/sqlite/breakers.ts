import type Database from 'better-sqlite3';
import type { BreakerState } from '@agent-mitra/contract';
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

const closed = (name: string, now: number): BreakerRecord => ({
  name,
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
  probeUntil: null,
  updatedAt: now,
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
      const current = row ? toRecord(row) : closed(name, now);
      const decision = decide(current, now, settings);
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
      const current = row ? toRecord(row) : closed(name, now);
      const record = outcome === 'success' ? closed(name, now) : afterFailure(current, now, settings);
      this.write.run(record);
      return { previous: current.state, record };
    });
  }

  listBreakers(): Promise<BreakerRecord[]> {
    return this.c.run(() => this.all.all().map(toRecord));
  }
}

/** The permit for a caller, and the row to write when the decision changes it (a probe granted). */
function decide(
  current: BreakerRecord,
  now: number,
  settings: BreakerSettings,
): { permit: BreakerPermit; next: BreakerRecord | null } {
  if (current.state === 'closed')
    return { permit: { allowed: true, state: 'closed', probe: false }, next: null };
  if (current.state === 'open') {
    const reopensAt = (current.openedAt ?? now) + settings.cooldownMs;
    if (now < reopensAt) {
      return { permit: { allowed: false, state: 'open', retryAfterMs: reopensAt - now }, next: null };
    }
  } else if (current.probeUntil !== null && current.probeUntil > now) {
    return {
      permit: { allowed: false, state: 'half_open', retryAfterMs: current.probeUntil - now },
      next: null,
    };
  }
  return {
    permit: { allowed: true, state: 'half_open', probe: true },
    next: { ...current, state: 'half_open', probeUntil: now + settings.probeLeaseMs, updatedAt: now },
  };
}

function afterFailure(current: BreakerRecord, now: number, settings: BreakerSettings): BreakerRecord {
  const consecutiveFailures = current.consecutiveFailures + 1;
  const opens =
    current.state === 'half_open' ||
    (current.state === 'closed' && consecutiveFailures >= settings.failureThreshold);
  if (opens) {
    return {
      ...current,
      state: 'open',
      consecutiveFailures,
      openedAt: now,
      probeUntil: null,
      updatedAt: now,
    };
  }
  return { ...current, consecutiveFailures, updatedAt: now };
}
