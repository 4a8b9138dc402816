import type { RecordOf } from '#libs/domain/transfer-case/case-stream.js';
import { factTime } from '#libs/domain/transfer-case/event-times.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { instantMillis } from '#libs/domain/transfer-case/time.js';

export interface DecisionEvidence {
  /** What the decision could rest on: recorded before it, and happened by its `decidedAt`. */
  readonly evidence: CaseEventRecord[];
  /** What would have been evidence had it been recorded in time: recorded after it, happened by its `decidedAt`. */
  readonly recordedLate: CaseEventRecord[];
}

/** "By decidedAt" includes the same instant: clocks typed in by people often stop at the minute. */
export const evidenceOf = (records: readonly CaseEventRecord[], decision: RecordOf<'AllocationDecided'>): DecisionEvidence => {
  const decidedAt = instantMillis(decision.data.decidedAt);
  const evidence: CaseEventRecord[] = [];
  const recordedLate: CaseEventRecord[] = [];
  for (const record of records) {
    if (record.revision === decision.revision || instantMillis(factTime(record)) > decidedAt) continue;
    (record.revision < decision.revision ? evidence : recordedLate).push(record);
  }
  return { evidence, recordedLate };
};
