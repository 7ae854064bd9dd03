import {
  AUDIT_COLUMNS,
  auditConditions,
  auditPageOf,
  auditValues,
  toAuditRecord,
  type AuditRow,
} from '../audit-query';
import type { AuditEntry, AuditPage, AuditQuery, AuditStore } from '../port';
import { statement, type PostgresConnection } from './connection';

const insert = statement(
  'audit.insert',
  `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
);

/**
 * The audit trail on PostgreSQL: one insert per entry (autocommit, nothing read), and pages newest first
 * by id. A listing's text depends only on which filters are given; each shape is a named statement, so a
 * connection prepares it once.
 */
export class PostgresAudit implements AuditStore {
  constructor(private readonly c: PostgresConnection) {}

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.c.run(insert(...auditValues(entry)));
  }

  async listAudit(query: AuditQuery): Promise<AuditPage> {
    const conditions = auditConditions(query);
    const where = conditions.map((c, i) => `${c.column} ${c.operator} $${i + 1}`).join(' AND ');
    const shape = conditions.map((c) => `${c.column}${c.operator}`).join(',');
    const text =
      `SELECT * FROM audit_log ${where ? `WHERE ${where}` : ''} ` +
      `ORDER BY id DESC LIMIT $${conditions.length + 1}`;
    const values = [...conditions.map((c) => c.value), query.limit + 1];
    const rows = await this.c.run<AuditRow>({ name: `audit.list.${shape}`, text, values });
    return auditPageOf(rows.rows.map(toAuditRecord), query.limit);
  }
}
