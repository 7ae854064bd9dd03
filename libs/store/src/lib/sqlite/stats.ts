import type Database from 'better-sqlite3';
import type { PeriodStats, StatsQuery, StatsStore } from '../port';
import { STATS_SQL, type StatsStatement } from '../stats-queries';
import { toPeriodStats, type StatsRows } from '../stats-rows';
import type { SqliteConnection } from './connection';

const STATEMENTS = Object.keys(STATS_SQL) as StatsStatement[];

/**
 * The operations stats on SQLite: the shared statements (stats-queries.ts), prepared once, read in one
 * transaction so every figure comes from the same moment (WAL readers never wait for the writer).
 */
export class SqliteStats implements StatsStore {
  private readonly statements: Record<StatsStatement, Database.Statement>;

  constructor(private readonly c: SqliteConnection) {
    this.statements = Object.fromEntries(
      STATEMENTS.map((name) => [name, c.db.prepare(STATS_SQL[name])]),
    ) as Record<StatsStatement, Database.Statement>;
  }

  periodStats(query: StatsQuery): Promise<PeriodStats> {
    const params = { from: query.from, to: query.to, bucket: query.bucketMs, limit: query.recentFailures };
    return this.c.run(() =>
      this.c.db.transaction(() => {
        const rows = Object.fromEntries(
          // Numbers are bound as REAL: the bucket expression CASTs its division back to an integer.
          STATEMENTS.map((name) => [name, this.statements[name].all(params)]),
        ) as unknown as StatsRows;
        return toPeriodStats(rows);
      })(),
    );
  }
}
