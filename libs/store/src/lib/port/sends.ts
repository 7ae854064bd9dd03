import type { AuditEntry } from './audit';
import type { SendAttemptInput } from './deliveries';
import type { QuotaBucket, QuotaDecision } from './quota';
import type { NewOtpRequest, SendOutcome } from './requests';

/**
 * How a send ends, written at once (issue 12): every provider call it made, in order, the outcome
 * that completes the request, and the send's audit row.
 */
export interface SendClosing {
  readonly requestId: string;
  /**
   * Every provider call of the send, in order, each as `recordSendAttempt` would keep it. An attempt of
   * the `mock` provider opens no delivery record: nothing ever posts a receipt for a mock id, which is
   * answered and never looked up by the store (the engine builds its status from the request).
   */
  readonly attempts: readonly SendAttemptInput[];
  readonly outcome: SendOutcome;
  /** The send's audit row (DESIGN §9); null for none (a late fallback is audited by its receipt). */
  readonly audit: AuditEntry | null;
}

export interface SendOpening {
  /** The send limits, all taken or none (as `consumeQuota`). */
  readonly buckets: readonly QuotaBucket[];
  /** Unix ms: the quota windows' clock. */
  readonly now: number;
  readonly request: NewOtpRequest;
  /**
   * The end of the send when it is known before the send is opened — a mock send calls no provider —
   * written together with the opening.
   */
  readonly closing?: SendClosing | undefined;
}

/**
 * A send in as few store writes as its steps allow (issue 12): `openSend` takes the limits and stores
 * the request before the provider is called, `closeSend` records what the call did after it. A mock
 * send does both at once.
 */
export interface SendStore {
  /**
   * Takes one unit from every bucket and stores the request, atomically: when a bucket refuses, nothing
   * is taken and no request is stored, and the refusal (the longest wait) is answered. With `closing`
   * the send is closed in the same step. Each adapter documents its durability: the request and the
   * closing are durable when the call resolves; quota counters may be committed asynchronously.
   */
  openSend(opening: SendOpening): Promise<QuotaDecision>;
  /**
   * Records the attempts, completes the request (as `completeSend`) and appends the audit row, in one
   * transaction: all of it or none, so a caller may run it again after a failure without doubling an
   * attempt.
   */
  closeSend(closing: SendClosing): Promise<void>;
}
