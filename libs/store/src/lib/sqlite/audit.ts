import type Database from 'better-sqlite3';
import {
  AUDIT_COLUMNS,
  auditConditions,
  auditPageOf,
  auditValues,
  toAuditRecord,
  type AuditRow,
} from '../audit-query';
import type { AuditEntry, AuditPage, AuditQuery, AuditStore } from '../port';
import type { SqliteConnection } from './connection';

/**
 * The audit trail on SQLite: one prepared insert per entry (no transaction, nothing read), and pages
 * newest first by id. A listing's statement depends only on which filters are given, so each of those
 * shapes is prepared once and kept.
 */
export class SqliteAudit implements AuditStore {
  private readonly insert: Database.Statement;
  private readonly listings = new Map<string, Database.Statement<unknown[], AuditRow>>();

  constructor(private readonly c: SqliteConnection) {
    this.insert = c.db.prepare(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.c.run(() => this.appendIn(entry));
  }

  /** `appendAudit`'s insert, inside a transaction the caller holds (a send's or a verify's write). */
  appendIn(entry: AuditEntry): void {
    this.insert.run(...auditValues(entry));
  }

  listAudit(query: AuditQuery): Promise<AuditPage> {
    const conditions = auditConditions(query);
    const where = conditions.map((c) => `${c.column} ${c.operator} ?`).join(' AND ');
    const sql = `SELECT * FROM audit_log ${where ? `WHERE ${where}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.c.run(() => {
      let statement = this.listings.get(sql);
      if (!statement) {
        statement = this.c.db.prepare<unknown[], AuditRow>(sql);
        this.listings.set(sql, statement);
      }
      const rows = statement.all(...conditions.map((c) => c.value), query.limit + 1);
      return auditPageOf(rows.map(toAuditRecord), query.limit);
    });
  }
}
