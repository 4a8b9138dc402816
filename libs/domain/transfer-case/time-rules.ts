import { isDateWithin, isInstantWithin, outOfBoundsMessage, timeBounds } from '#libs/domain/bounded-values/time-bounds.js';
import type { Instant, LocalDate, TransferCaseEvent } from './events.js';
import type { DomainRuleViolation } from './rules.js';
import { isLocalDate, parseInstant } from './time.js';

/** How far ahead of the server's clock a caller's clock may run. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

type TimeField =
  /** Something that happened: not in the future, not before admission. */
  | { kind: 'happened'; field: string; value: Instant }
  /** Something planned: may lie ahead, not before admission. */
  | { kind: 'planned'; field: string; value: Instant }
  | { kind: 'date'; field: string; value: LocalDate };

const happened = (field: string, value: Instant): TimeField => ({ kind: 'happened', field, value });
const dates = (fields: Record<string, LocalDate | undefined>): TimeField[] =>
  Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [{ kind: 'date' as const, field, value }]));

const timeFields = (event: TransferCaseEvent): TimeField[] => {
  switch (event.type) {
    case 'AdmissionNotified':
      return [happened('admittedAt', event.data.admittedAt)];
    case 'DischargeReadinessDeclared':
      return [happened('declaredAt', event.data.declaredAt)];
    case 'DischargeReadinessRevoked':
      return [happened('revokedAt', event.data.revokedAt)];
    case 'MunicipalResponseGiven': {
      const { respondedAt, expectedReadyDate, plannedTransferDate } = event.data;
      return [happened('respondedAt', respondedAt), ...dates({ expectedReadyDate, plannedTransferDate })];
    }
    case 'MunicipalVisitScheduled':
      return [{ kind: 'planned', field: 'scheduledFor', value: event.data.scheduledFor }];
    case 'MunicipalVisitConducted':
    case 'UserDeclinedDialogue':
      return [happened('occurredAt', event.data.occurredAt)];
    case 'OptionsPresented':
      return [happened('presentedAt', event.data.presentedAt)];
    case 'AllocationDecided':
      return [happened('decidedAt', event.data.decidedAt), ...dates({ startDate: event.data.startDate })];
    case 'DecisionAppealed':
      return [happened('appealedAt', event.data.appealedAt)];
    case 'PatientTransferred':
      return [happened('transferredAt', event.data.transferredAt)];
    case 'FollowUpRecorded':
      return [happened('reviewedAt', event.data.reviewedAt)];
    case 'DeadlineMissed':
      return [happened('dueAt', event.data.dueAt)];
    default:
      return [];
  }
};

const outOfBounds = (time: TimeField, now: Date): DomainRuleViolation => ({
  rule: 'time-out-of-bounds',
  message: `${time.field} ${time.value} ${outOfBoundsMessage(timeBounds(now))}`,
});

const checkTime = (time: TimeField, admittedAt: Instant, now: Date): DomainRuleViolation | null => {
  if (time.kind === 'date') {
    if (!isLocalDate(time.value)) return { rule: 'invalid-date', message: `${time.field} "${time.value}" is not a date YYYY-MM-DD` };
    return isDateWithin(time.value, timeBounds(now)) ? null : outOfBounds(time, now);
  }
  const at = parseInstant(time.value);
  if (at === null) {
    return { rule: 'invalid-time', message: `${time.field} "${time.value}" is not an ISO 8601 instant with an offset` };
  }
  if (!isInstantWithin(at, timeBounds(now))) return outOfBounds(time, now);
  if (time.kind === 'happened' && at > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { rule: 'occurred-in-future', message: `${time.field} ${time.value} is more than 5 minutes after now` };
  }
  const admitted = parseInstant(admittedAt);
  if (admitted !== null && at < admitted) {
    return { rule: 'occurred-before-admission', message: `${time.field} ${time.value} is before the admission at ${admittedAt}` };
  }
  return null;
};

/** The time rules for a command's `occurredAt` and every time field of the events it would record. */
export const checkTimes = (
  occurredAt: Instant,
  events: readonly TransferCaseEvent[],
  admittedAt: Instant,
  now: Date,
): DomainRuleViolation | null => {
  for (const time of [happened('occurredAt', occurredAt), ...events.flatMap(timeFields)]) {
    const violation = checkTime(time, admittedAt, now);
    if (violation !== null) return violation;
  }
  return null;
};
