import type { PeriodStats, StatsQuery, StatsStore } from '../port';
import { namedToPositional, STATS_SQL, type StatsStatement } from '../stats-queries';
import { toPeriodStats, type StatsRows } from '../stats-rows';
import type { PostgresConnection } from './connection';

const STATEMENTS = Object.keys(STATS_SQL) as StatsStatement[];

/**
 * The operations stats on PostgreSQL: the shared statements (stats-queries.ts), named so each connection
 * prepares them once, run in one REPEATABLE READ READ ONLY transaction so every figure comes from the
 * same snapshot.
 */
export class PostgresStats implements StatsStore {
  constructor(private readonly c: PostgresConnection) {}

  periodStats(query: StatsQuery): Promise<PeriodStats> {
    const params = { from: query.from, to: query.to, bucket: query.bucketMs, limit: query.recentFailures };
    return this.c.tx(async (db) => {
      await db.query({ text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY' });
      const rows: Record<string, Record<string, unknown>[]> = {};
      for (const name of STATEMENTS) {
        const { text, values } = namedToPositional(STATS_SQL[name], params);
        rows[name] = (await db.query<Record<string, unknown>>({ name: `stats.${name}`, text, values })).rows;
      }
      return toPeriodStats(rows as unknown as StatsRows);
    });
  }
}
