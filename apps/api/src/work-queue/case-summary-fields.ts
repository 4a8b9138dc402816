import { summarizeCase } from '#libs/projections/case-summary/case-summary.js';
import { osloDateOf } from '#libs/domain/regulation/oslo-calendar.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { daysWaiting, runningLiability, type WorkQueueItem } from './work-queue.queries.js';

/** What `GET /cases/{caseId}` adds to the case's view so that it is a CaseSummary, as the work queue shows it. */
export type CaseSummaryFields = Pick<WorkQueueItem, 'daysWaiting' | 'nextDeadline' | 'participation' | 'liability'>;

export const caseSummaryFields = (
  history: readonly CaseEventRecord[],
  regulation: RegulationConfig,
  now: Date,
): CaseSummaryFields => {
  const summary = summarizeCase(history, regulation);
  const today = osloDateOf(now.toISOString());
  return {
    daysWaiting: daysWaiting(summary?.readySince ?? null, today),
    nextDeadline: summary?.nextDeadline ?? null,
    participation: summary?.participation ?? null,
    liability: summary?.openLiability
      ? runningLiability(summary.openLiability.from, summary.openLiability.status, today, regulation)
      : null,
  };
};
