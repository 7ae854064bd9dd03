import type { QuotaDecision, SendClosing, SendOpening, SendStore } from '../port';
import type { SqliteAudit } from './audit';
import type { SqliteConnection } from './connection';
import type { SqliteDeliveries } from './deliveries';
import type { SqliteQuota } from './quota';
import type { SqliteRequests } from './requests';

/**
 * Sends on SQLite (issue 12): the opening (limits + request) is one `BEGIN IMMEDIATE` transaction, the
 * closing (attempts + completion + audit row) another, and a send known at once (mock) is a single one
 * — one commit where there were five. `synchronous = NORMAL` in WAL mode: a commit survives the process
 * crashing, and everything but the last commits survives the machine losing power.
 */
export class SqliteSends implements SendStore {
  constructor(
    private readonly c: SqliteConnection,
    private readonly parts: {
      readonly quota: SqliteQuota;
      readonly requests: SqliteRequests;
      readonly deliveries: SqliteDeliveries;
      readonly audit: SqliteAudit;
    },
  ) {}

  openSend(opening: SendOpening): Promise<QuotaDecision> {
    return this.c.tx(() => {
      const decision = this.parts.quota.consumeIn(opening.buckets, opening.now);
      if (!decision.allowed) return decision;
      this.parts.requests.insertIn(opening.request);
      if (opening.closing) this.closeIn(opening.closing);
      return decision;
    });
  }

  closeSend(closing: SendClosing): Promise<void> {
    return this.c.tx(() => this.closeIn(closing));
  }

  private closeIn(closing: SendClosing): void {
    for (const attempt of closing.attempts) this.parts.deliveries.recordAttemptIn(attempt);
    this.parts.requests.completeIn(closing.requestId, closing.outcome);
    if (closing.audit) this.parts.audit.appendIn(closing.audit);
  }
}
