import type { CaseEventRecord, NoticeCancelled } from './events.js';

/**
 * A hospital may cancel a message it sent (PLO Forsendelsesstatus C). The events that message recorded stay in the
 * stream, and a `NoticeCancelled` names them by revision: from then on they do not count. Everything that reads a
 * case's facts — its state, the legal clock, liability, the work queue, the participation audit — reads the
 * counting events only. The admission always counts for the case to exist: a case opened by a cancelled message is
 * withdrawn instead, and its own deadlines are dropped (`isAdmissionCancelled`).
 */

interface CaseEventLike {
  readonly type: string;
  readonly data: unknown;
}

/** The revisions that cancelled messages recorded, or null when nothing on the case is cancelled. */
export const cancelledRevisions = (events: readonly CaseEventLike[]): ReadonlySet<number> | null => {
  let cancelled: Set<number> | null = null;
  for (const event of events) {
    if (event.type !== 'NoticeCancelled') continue;
    cancelled ??= new Set();
    for (const { revision } of (event.data as NoticeCancelled | null)?.cancelledEvents ?? []) cancelled.add(revision);
  }
  return cancelled;
};

/** The events that count, in their order; the same array when nothing is cancelled. */
export const countingEvents = <T extends CaseEventLike>(events: readonly T[], revisionOf: (event: T) => number): readonly T[] => {
  const cancelled = cancelledRevisions(events);
  if (cancelled === null) return events;
  return events.filter((event) => event.type === 'AdmissionNotified' || !cancelled.has(revisionOf(event)));
};

export const countingRecords = (records: readonly CaseEventRecord[]): readonly CaseEventRecord[] =>
  countingEvents(records, (record) => record.revision);

/** Whether the message that opened the case was cancelled: the case's notice deadlines then do not apply. */
export const isAdmissionCancelled = (records: readonly CaseEventRecord[]): boolean => {
  const admission = records.find((record) => record.type === 'AdmissionNotified');
  return admission !== undefined && (cancelledRevisions(records)?.has(admission.revision) ?? false);
};
