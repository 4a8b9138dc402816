import { countingRecords, isAdmissionCancelled } from '#libs/domain/transfer-case/cancellation.js';
import type { CaseEventRecord, TransferCaseEventType } from '#libs/domain/transfer-case/events.js';

/**
 * A case's stream folded into what the legal clock needs. Stream order (revision) decides what
 * belongs to what; the times of the events decide compliance.
 */

export type RecordOf<T extends TransferCaseEventType> = Extract<CaseEventRecord, { type: T }>;

export type ClosingReason = 'case_transferred' | 'case_withdrawn';
export type EpisodeEndReason = ClosingReason | 'readiness_revoked';

export interface Ending<Reason> {
  readonly reason: Reason;
  readonly record: CaseEventRecord;
}

/** One declaration of discharge readiness, up to its revocation or the case's closing. */
export interface ReadinessEpisode {
  readonly declaration: RecordOf<'DischargeReadinessDeclared'>;
  /**
   * The municipality's answers to this declaration's § 10 notice, in stream order. A response
   * recorded before the declaration, or between a revocation and the next declaration, answers
   * no § 10 notice and belongs to no episode.
   */
  readonly responses: readonly RecordOf<'MunicipalResponseGiven'>[];
  readonly end: Ending<EpisodeEndReason> | undefined;
}

export interface CaseTimeline {
  readonly admission: RecordOf<'AdmissionNotified'>;
  /** The message that opened the case was cancelled: the deadlines it opened do not apply. */
  readonly admissionCancelled: boolean;
  readonly episodes: readonly ReadinessEpisode[];
  readonly visitsConducted: readonly RecordOf<'MunicipalVisitConducted'>[];
  readonly dialogueDeclined: readonly RecordOf<'UserDeclinedDialogue'>[];
  readonly closing: Ending<ClosingReason> | undefined;
  readonly missedDeadlineIds: ReadonlySet<string>;
}

interface OpenEpisode {
  declaration: RecordOf<'DischargeReadinessDeclared'>;
  responses: RecordOf<'MunicipalResponseGiven'>[];
  end: Ending<EpisodeEndReason> | undefined;
}

export function caseTimeline(events: readonly CaseEventRecord[]): CaseTimeline {
  // The events of cancelled hospital messages do not count (transfer-case/cancellation.ts).
  const ordered = [...countingRecords(events)].sort((a, b) => a.revision - b.revision);
  const admission = ordered.find((event): event is RecordOf<'AdmissionNotified'> => event.type === 'AdmissionNotified');
  if (!admission) throw new Error('A case stream starts with AdmissionNotified; none was given');

  const episodes: OpenEpisode[] = [];
  const visitsConducted: RecordOf<'MunicipalVisitConducted'>[] = [];
  const dialogueDeclined: RecordOf<'UserDeclinedDialogue'>[] = [];
  const missedDeadlineIds = new Set<string>();
  let current: OpenEpisode | undefined;
  let closing: Ending<ClosingReason> | undefined;

  const endCurrent = (end: Ending<EpisodeEndReason>) => {
    if (current) current.end = end;
    current = undefined;
  };

  for (const event of ordered) {
    if (event.type === 'DeadlineMissed') missedDeadlineIds.add(event.data.deadlineId);
    // The store records nothing but follow-ups after a closing: anything else there is ignored.
    if (closing) continue;
    switch (event.type) {
      case 'DischargeReadinessDeclared':
        // A second declaration without a revocation is refused by the store; it would not start a new period.
        if (!current) {
          current = { declaration: event, responses: [], end: undefined };
          episodes.push(current);
        }
        break;
      case 'MunicipalResponseGiven':
        current?.responses.push(event);
        break;
      case 'DischargeReadinessRevoked':
        endCurrent({ reason: 'readiness_revoked', record: event });
        break;
      case 'PatientTransferred':
      case 'CaseWithdrawn':
        closing = {
          reason: event.type === 'PatientTransferred' ? 'case_transferred' : 'case_withdrawn',
          record: event,
        };
        endCurrent(closing);
        break;
      case 'MunicipalVisitConducted':
        visitsConducted.push(event);
        break;
      case 'UserDeclinedDialogue':
        dialogueDeclined.push(event);
        break;
    }
  }
  const admissionCancelled = isAdmissionCancelled(events);
  return { admission, admissionCancelled, episodes, visitsConducted, dialogueDeclined, closing, missedDeadlineIds };
}
