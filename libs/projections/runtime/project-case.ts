import type { CaseProjection } from './case-projection.js';
import type { CaseRecord } from '#libs/application/case-events.js';
import type { CaseFailure } from './failing-cases.js';
import { failureMessage } from '#libs/observability/failure-message.js';
import type { RowWriter } from './row-writer.js';

/** One case projected for a batch: the rows to write (null: leave its rows as they are), and its failure if any. */
export interface CaseOutcome {
  readonly caseId: string;
  /** Per table, the case's new rows as the writer takes them. */
  readonly rows: string[][] | null;
  /** The last event the rows reflect. */
  readonly upTo: CaseRecord | null;
  readonly failure: CaseFailure | null;
  /** The error itself, for the log line (its message is in `failure.error`, cleaned). */
  readonly error?: unknown;
}

/**
 * Projects a case's history (its events up to the one being processed). When that throws, the case is isolated: the
 * failure names the first event it cannot get past, looked for from revision `scanFrom` on (the events this batch
 * brings; 0 for a retry), and the rows are those of the history just before it, if that lies within the scan (else
 * the case keeps the rows it has). `scanFrom` null: the case is already failing, its rows stay as they are.
 */
export const projectCase = (
  projection: CaseProjection,
  writer: RowWriter,
  caseId: string,
  history: readonly CaseRecord[],
  scanFrom: number | null,
): CaseOutcome => {
  const rowsUpTo = (last: number): string[][] => writer.encode(projection.project(history.slice(0, last + 1)));
  const last = history.length - 1;
  try {
    return { caseId, rows: rowsUpTo(last), upTo: history[last]!, failure: null };
  } catch (error) {
    const failed = (at: number, cause: unknown, rows: string[][] | null): CaseOutcome => ({
      caseId,
      rows,
      upTo: rows && history[at - 1]!,
      failure: {
        caseId,
        position: history[at]!.position,
        eventType: history[at]!.type,
        revision: at,
        error: failureMessage(cause, history),
        lastPosition: history[last]!.position,
      },
      error: cause,
    });
    if (scanFrom === null) return failed(last, error, null);
    let good: string[][] | null = null;
    for (let at = Math.max(0, scanFrom); at < last; at++) {
      try {
        good = rowsUpTo(at);
      } catch (earlier) {
        return failed(at, earlier, good);
      }
    }
    return failed(last, error, good);
  }
};
