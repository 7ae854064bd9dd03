import type { AuditEntry } from './audit';
import type { QuotaBucket, QuotaDecision } from './quota';
import type { CallerClass, OtpRequestRecord } from './requests';

/** Which request a verify is about, and the failure budgets to check before it spends anything. */
export interface VerifyLookup {
  /** The request by its id; absent: the phone's newest pending one of `callerClass` (`findLatestPending`). */
  readonly requestId?: string | undefined;
  readonly phoneHash: string;
  /**
   * Whose requests a lookup without `requestId` may find: a caller of one class never checks (and spends
   * the attempts of) a code the other class asked for (DESIGN §8: separate public and backend budgets).
   */
  readonly callerClass: CallerClass;
  /** Checked as `peekQuota` would check them, nothing taken. */
  readonly budgets: readonly QuotaBucket[];
  /** Unix ms. */
  readonly now: number;
}

export interface VerifyRead {
  readonly request: OtpRequestRecord | null;
  readonly budget: QuotaDecision;
}

/** One try of a code that the caller compared (in constant time) against `codeHash`, read just before. */
export interface CodeTry {
  readonly requestId: string;
  /** Unix ms: the expiry is checked against it inside the update. */
  readonly now: number;
  /** The hash the code was compared with: a code replaced since (a late SMS fallback) is not touched. */
  readonly codeHash: string;
  /** The code matched: the request is consumed (verified) in the same update that counts the try. */
  readonly matched: boolean;
  /** Charged one unit each when the code did not match (the verify failure budgets; unchecked). */
  readonly charge: readonly QuotaBucket[];
  /** Appended when the try counted (DESIGN §9). */
  readonly audit: AuditEntry | null;
}

/**
 * Verification in two store calls (issue 12): one read, then one conditional write that counts the try
 * and consumes a right code.
 */
export interface VerificationStore {
  /** The request (or null) and the failure budgets' decision, in one read; nothing changes. */
  readForVerify(lookup: VerifyLookup): Promise<VerifyRead>;
  /**
   * Counts one try, in one conditional update, with everything that goes with it in the same
   * transaction (consuming a right code, charging the budgets for a wrong one, the audit row). Answers
   * the new attempt count, or null — and then nothing was written — when the request is not pending,
   * has expired at `now`, has no attempts left, or its code is no longer `codeHash`.
   */
  tryCode(attempt: CodeTry): Promise<number | null>;
}
