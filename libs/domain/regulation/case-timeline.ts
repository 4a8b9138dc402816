import { isAdmissionCancelled } from '#libs/domain/transfer-case/cancellation.js';
import { caseStream, type RecordOf } from '#libs/domain/transfer-case/case-stream.js';
import { inWorldOrder } from '#libs/domain/transfer-case/event-times.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';

/**
 * A case's stream folded into what the legal clock needs, read in the order things happened in the world
 * (`inWorldOrder`: each event's fact time, a readiness at its `declaredAt`; ties in the order recorded), never in the
 * order they were typed in: a response, revocation, transfer or withdrawal belongs to the readiness it follows in the
 * world, however late or early it was registered.
 */

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
   * The municipality's answers to this readiness, in the order given. A response given before the readiness, or
   * between a revocation and the next declaration, answers none and belongs to no episode.
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

/** `events` is one complete case stream, in any order (else an `InvalidCaseHistoryError`). */
export function caseTimeline(events: readonly CaseEventRecord[]): CaseTimeline {
  // The events of cancelled hospital messages do not count (caseStream, transfer-case/cancellation.ts).
  const { admission, records } = caseStream(events);
  const ordered = inWorldOrder(records);

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
    // What happened after the transfer or withdrawal (a follow-up, an appeal) has no bearing on the clock.
    if (closing) continue;
    switch (event.type) {
      case 'DischargeReadinessDeclared':
        // A declaration while one stands starts no new period. The decider keeps declarations and revocations
        // alternating in the world too (declaration-before-revocation); events recorded before that rule may not.
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
