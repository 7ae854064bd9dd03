import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { OtpError } from '@agent-mitra/errors';
import type { MigrationKeys } from '../migration-keys';
import { SQLITE_MIGRATIONS } from './migrations';

/** How long store work may wait for another process's write lock (DESIGN §2: never block the process). */
export interface SqliteLockWait {
  /** Longest one try blocks the event loop inside SQLite (`busy_timeout`). Default 50 ms. */
  readonly busyTimeoutMs: number;
  /** Total time to keep trying, sleeping between tries without blocking, before STORE_UNAVAILABLE. Default 3 s. */
  readonly budgetMs: number;
}

export const DEFAULT_LOCK_WAIT: SqliteLockWait = { busyTimeoutMs: 50, budgetMs: 3_000 };
const MIGRATION_BUSY_TIMEOUT_MS = 5_000;
const BACKOFF_MS = [5, 10, 20, 40, 80, 100];

/**
 * One better-sqlite3 connection with the project's pragmas and migrations, and the two ways store work
 * runs on it: `run` (one statement) and `tx` (a `BEGIN IMMEDIATE` transaction, so read-modify-write
 * sequences hold across processes). better-sqlite3 is synchronous, so a lock wait inside SQLite blocks
 * the whole process: each try waits at most `busyTimeoutMs`, and a busy database is tried again after an
 * asynchronous pause (HTTP, gRPC and health checks run meanwhile) until `budgetMs` has passed. Anything
 * SQLite throws becomes STORE_UNAVAILABLE, its text kept only in `cause`.
 */
export class SqliteConnection {
  readonly db: Database.Database;

  private readonly lockWait: SqliteLockWait;

  constructor(
    filename: string,
    options: { readonly lockWait?: SqliteLockWait; readonly migrationKeys?: MigrationKeys | undefined } = {},
  ) {
    this.lockWait = options.lockWait ?? DEFAULT_LOCK_WAIT;
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    this.db = new Database(filename);
    // Opening and migrating happen before the app serves anything, so here a longer wait is harmless.
    this.db.pragma(`busy_timeout = ${MIGRATION_BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // The WAL is folded into the file (a copy of every changed page and two fsyncs, inside whichever
    // commit crosses the line, blocking the event loop) every 10,000 pages instead of SQLite's 1,000: the
    // hot pages of a busy store (counters, index tails) are copied once per checkpoint, not ten times.
    // Measured on a single-row insert transaction: 150 → 93 µs wall, 99 → 62 µs CPU (issue 12). The
    // cost: a WAL of up to ~40 MiB, and with synchronous = NORMAL a power loss (not a crash of the app)
    // may roll back up to that many pages of the latest commits instead of 1,000.
    this.db.pragma('wal_autocheckpoint = 10000');
    // Deleted and rewritten content is zeroed, so a pruned row or a hashed id leaves nothing in the file.
    this.db.pragma('secure_delete = ON');
    try {
      this.migrate(options.migrationKeys);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.db.pragma(`busy_timeout = ${this.lockWait.busyTimeoutMs}`);
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

  async run<T>(work: () => T): Promise<T> {
    const deadline = Date.now() + this.lockWait.budgetMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return work();
      } catch (error) {
        if (error instanceof OtpError) throw error;
        if (!isBusy(error) || Date.now() >= deadline) throw storeError(error);
      }
      const pause = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 100;
      await sleep(pause * (0.5 + Math.random()));
    }
  }

  tx<T>(work: () => T): Promise<T> {
    return this.run(() => this.db.transaction(work).immediate());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock; nothing was done. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function storeError(error: unknown): OtpError {
  const failure = new OtpError('STORE_UNAVAILABLE');
  (failure as Error).cause = error;
  return failure;
}
