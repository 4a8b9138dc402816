import type { CaseEventRecord, Instant } from '#libs/domain/transfer-case/events.js';
import type { RecordOf } from './case-stream.js';

/**
 * When the fact happened in the world: the instant the event's data gives for the fact itself where it has one
 * (a visit's `occurredAt`, `presentedAt`, `declaredAt`, ...), else the envelope's `occurredAt`.
 * `admittedAt` (the admission, not its notice) and `scheduledFor` (a plan) are not such instants.
 */
export const factTime = (record: CaseEventRecord): Instant => {
  switch (record.type) {
    case 'MunicipalVisitConducted':
    case 'UserDeclinedDialogue':
      return record.data.occurredAt;
    case 'OptionsPresented':
      return record.data.presentedAt;
    case 'DischargeReadinessDeclared':
      return record.data.declaredAt;
    case 'DischargeReadinessRevoked':
      return record.data.revokedAt;
    case 'MunicipalResponseGiven':
      return record.data.respondedAt;
    case 'AllocationDecided':
      return record.data.decidedAt;
    case 'DecisionAppealed':
      return record.data.appealedAt;
    case 'PatientTransferred':
      return record.data.transferredAt;
    case 'FollowUpRecorded':
      return record.data.reviewedAt;
    default:
      return record.occurredAt;
  }
};

/** "Before decidedAt" includes the same instant: clocks typed in by people often stop at the minute. */
const happenedBy = (record: CaseEventRecord, decision: RecordOf<'AllocationDecided'>): boolean =>
  Date.parse(factTime(record)) <= Date.parse(decision.data.decidedAt);

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
