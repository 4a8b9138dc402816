import type { RecordDeadlineMiss } from './commands.js';
import { accept, refuse, type DecideResult } from './decide-result.js';
import type { TransferCaseState } from './state.js';
import { isBefore, parseInstant } from './time.js';

export const isMissAlreadyRecorded = (command: RecordDeadlineMiss, state: TransferCaseState): boolean =>
  state.missedDeadlines.some((miss) => miss.deadlineId === command.deadlineId);

export const recordDeadlineMiss = ({ occurredAt, deadline, deadlineId, dueAt }: RecordDeadlineMiss): DecideResult => {
  // An unreadable dueAt is refused with the other times (checkTimes).
  if (parseInstant(dueAt) !== null && isBefore(occurredAt, dueAt)) {
    return refuse('deadline-not-yet-due', `Deadline ${deadlineId} is due at ${dueAt}, after ${occurredAt}`);
  }
  return accept({ type: 'DeadlineMissed', data: { deadline, deadlineId, dueAt } });
};
