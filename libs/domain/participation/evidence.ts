import type { RecordOf } from '#libs/domain/transfer-case/case-stream.js';
import { factTime } from '#libs/domain/transfer-case/event-times.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { instantMillis } from '#libs/domain/transfer-case/time.js';

/** "Before decidedAt" includes the same instant: clocks typed in by people often stop at the minute. */
const happenedBy = (record: CaseEventRecord, decision: RecordOf<'AllocationDecided'>): boolean =>
  instantMillis(factTime(record)) <= instantMillis(decision.data.decidedAt);

/** What the decision could rest on: recorded before it, and happened by its `decidedAt`. */
export const evidenceFor = (
  records: readonly CaseEventRecord[],
  decision: RecordOf<'AllocationDecided'>,
): CaseEventRecord[] => records.filter((record) => record.revision < decision.revision && happenedBy(record, decision));

/** What would have been evidence had it been recorded in time. */
export const recordedLateFor = (
  records: readonly CaseEventRecord[],
  decision: RecordOf<'AllocationDecided'>,
): CaseEventRecord[] => records.filter((record) => record.revision > decision.revision && happenedBy(record, decision));
