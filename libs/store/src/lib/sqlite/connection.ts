import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { OtpError } from '@agent-mitra/errors';
import type { MigrationKeys } from '../migration-keys';
import { SQLITE_MIGRATIONS } from './migrations';

/**
 * One better-sqlite3 connection with the project's pragmas and migrations, and the two ways store work
 * runs on it: `run` (one statement) and `tx` (a `BEGIN IMMEDIATE` transaction, so read-modify-write
 * sequences hold across processes). Anything SQLite throws becomes STORE_UNAVAILABLE, its text kept
 * only in `cause`.
 */
export class SqliteConnection {
  readonly db: Database.Database;

  constructor(filename: string, keys?: MigrationKeys) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    // Deleted and rewritten content is zeroed, so a pruned row or a hashed id leaves nothing in the file.
    this.db.pragma('secure_delete = ON');
    try {
      this.migrate(keys);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private migrate(keys: MigrationKeys | undefined): void {
    const rewrote = this.db
      .transaction(() => {
        const current = this.db.pragma('user_version', { simple: true }) as number;
        let data = false;
        for (const migration of SQLITE_MIGRATIONS) {
          if (migration.version <= current) continue;
          this.db.exec(migration.sql);
          if (migration.data && current > 0) {
            migration.data(this.db, keys);
            data = true;
          }
          this.db.pragma(`user_version = ${migration.version}`);
        }
        return data;
      })
      .immediate();
    // Rows were rewritten: fold the WAL (which still holds the old pages) into the file and empty it.
    if (rewrote) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      if (error instanceof OtpError) return Promise.reject(error);
      const failure = new OtpError('STORE_UNAVAILABLE');
      (failure as Error).cause = error;
      return Promise.reject(failure);
    }
  }

  tx<T>(work: () => T): Promise<T> {
    return this.run(() => this.db.transaction(work).immediate());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
