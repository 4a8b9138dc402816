import {
  FUTURE_TOLERANCE_MS,
  isDateWithin,
  isInstantWithin,
  outOfBoundsMessage,
  timeBounds,
} from '#libs/domain/bounded-values/time-bounds.js';
import type { Instant, TransferCaseEvent } from './events.js';
import { givenFactTime, timeFieldsOf, type TimeField } from './event-times.js';
import type { DomainRuleViolation } from './rules.js';
import { isLocalDate, parseInstant } from './time.js';

const unreadable = (field: string, value: string): DomainRuleViolation => ({
  rule: 'invalid-time',
  message: `${field} "${value}" is not an ISO 8601 instant with an offset`,
});

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
  if (at === null) return unreadable(time.field, time.value);
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

/**
 * A command's `occurredAt`, and its event's own time field when it gives one (`revokedAt`, `respondedAt`, ...), are
 * readable instants, and the same instant: that field is when the fact happened, so it is the event's `occurredAt`.
 * Checked before anything else, so the rules may compare these instants.
 */
export const checkFactTime = (command: { occurredAt: Instant }): DomainRuleViolation | null => {
  const { occurredAt } = command;
  const occurred = parseInstant(occurredAt);
  if (occurred === null) return unreadable('occurredAt', occurredAt);
  const given = givenFactTime(command);
  if (given === undefined) return null;
  const fact = parseInstant(given.value);
  if (fact === null) return unreadable(given.field, given.value);
  if (fact === occurred) return null;
  return {
    rule: 'occurred-at-differs-from-fact-time',
    field: 'occurredAt',
    message: `occurredAt ${occurredAt} differs from ${given.field} ${given.value}: ${given.field} is when it happened, so give one of them or both the same`,
  };
};

/** The time rules for a command's `occurredAt` and every time field of the events it would record. */
export const checkTimes = (
  occurredAt: Instant,
  events: readonly TransferCaseEvent[],
  admittedAt: Instant,
  now: Date,
): DomainRuleViolation | null => {
  const times: TimeField[] = [{ kind: 'happened', field: 'occurredAt', value: occurredAt }, ...events.flatMap(timeFieldsOf)];
  for (const time of times) {
    const violation = checkTime(time, admittedAt, now);
    if (violation !== null) return violation;
  }
  return null;
};
