import { DateTime } from 'luxon';
import type { Instant, LocalDate } from '#libs/domain/transfer-case/events.js';
import { isNorwegianPublicHoliday } from './norwegian-holidays.js';

/**
 * Calendar arithmetic in Europe/Oslo. Instants in and out are ISO 8601 strings; outputs are UTC
 * (`…Z`, milliseconds). Calendar dates are `YYYY-MM-DD` and carry no zone: date arithmetic is done
 * at UTC midnight, where no day is 23 or 25 hours long, and only converting between a date and an
 * instant goes through Oslo's offset.
 */
export const OSLO_ZONE = 'Europe/Oslo';

/** Which days count as working days: Monday–Friday, optionally without Norwegian public holidays. */
export interface WorkingDayCalendar {
  readonly excludeNorwegianPublicHolidays: boolean;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
// An instant without an offset would be read in the machine's zone: refused, so results never depend on it.
const INSTANT = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;

function parseInstant(at: Instant): DateTime {
  const parsed = INSTANT.test(at) ? DateTime.fromISO(at, { setZone: true }) : undefined;
  if (!parsed?.isValid) throw new RangeError(`Not an ISO 8601 instant with an offset: ${at}`);
  return parsed;
}

function parseDate(date: LocalDate): DateTime {
  const parsed = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) throw new RangeError(`Not a calendar date YYYY-MM-DD: ${date}`);
  return parsed;
}

const formatInstant = (at: DateTime): Instant => new Date(at.toMillis()).toISOString();
const formatDate = (date: DateTime): LocalDate => date.toFormat('yyyy-MM-dd');

export function toUtcInstant(at: Instant): Instant {
  return formatInstant(parseInstant(at));
}

/** Whether `a` is strictly earlier than `b`, whatever offsets they are written with. */
export function isBefore(a: Instant, b: Instant): boolean {
  return parseInstant(a).toMillis() < parseInstant(b).toMillis();
}

/** Elapsed hours, not wall-clock hours: 24 hours after 10:00 on the day clocks go forward is 11:00. */
export function addHours(at: Instant, hours: number): Instant {
  return formatInstant(parseInstant(at).plus({ hours }));
}

/** The Oslo calendar date an instant falls on. */
export function osloDateOf(at: Instant): LocalDate {
  return formatDate(parseInstant(at).setZone(OSLO_ZONE));
}

/** 00:00 Oslo time on `date` (midnight always exists in Oslo: the clocks change at 02:00/03:00). */
export function startOfOsloDay(date: LocalDate): Instant {
  return formatInstant(DateTime.fromISO(formatDate(parseDate(date)), { zone: OSLO_ZONE }));
}

/**
 * The end of `date` in Oslo, as an exclusive bound: the first instant of the next day. An act is
 * within the day when it happens strictly before this instant. Exclusive, so that the day is
 * exactly covered whatever its length (23, 24 or 25 hours) and no "23:59:59.999" is needed.
 */
export function endOfOsloDay(date: LocalDate): Instant {
  return startOfOsloDay(addCalendarDays(date, 1));
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return formatDate(parseDate(date).plus({ days }));
}

/** Calendar days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(parseDate(to).diff(parseDate(from), 'days').days);
}

export function startOfNextMonth(date: LocalDate): LocalDate {
  return formatDate(parseDate(date).startOf('month').plus({ months: 1 }));
}

export function isWorkingDay(date: LocalDate, calendar: WorkingDayCalendar): boolean {
  const weekend = parseDate(date).weekday >= 6;
  return !weekend && !(calendar.excludeNorwegianPublicHolidays && isNorwegianPublicHoliday(date));
}

/**
 * The date `days` working days after `date`; `date` itself is not counted (Friday + 2 is Tuesday),
 * and 0 returns `date` even when it is not a working day.
 */
export function addWorkingDays(date: LocalDate, days: number, calendar: WorkingDayCalendar): LocalDate {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Working days must be a non-negative integer: ${days}`);
  let current = formatDate(parseDate(date));
  for (let remaining = days; remaining > 0; ) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current, calendar)) remaining -= 1;
  }
  return current;
}
