import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import type { Instant, LocalDate } from '#libs/domain/transfer-case/events.js';
import { instantMillis } from '#libs/domain/transfer-case/time.js';
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

/**
 * Luxon's ISO parsing is most of the cost of the legal clock in a projection rebuild, and a case's history names the
 * same few instants and dates again and again. DateTimes are immutable, so the parsed values are shared, in a
 * least-recently-used cache of 20,000 texts.
 */
const remembered = <T extends NonNullable<unknown>>(parse: (text: string) => T): ((text: string) => T) => {
  const cache = new LRUCache<string, T>({ max: 20_000 });
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = parse(text);
      cache.set(text, value);
    }
    return value;
  };
};

const parseDate = remembered((date: LocalDate): DateTime => {
  const parsed = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) throw new RangeError(`Not a calendar date YYYY-MM-DD: ${date}`);
  return parsed;
});

const formatInstant = (at: DateTime): Instant => new Date(at.toMillis()).toISOString();
const formatMillis = (millis: number): Instant => new Date(millis).toISOString();

// Fast paths for the forms the store holds, exact for them; anything else goes through luxon as before. Luxon's zone
// arithmetic costs tens of microseconds a call, which made these two functions most of a projection rebuild.
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const OSLO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: OSLO_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

const LOCAL_DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC midnight of a date (setUTCFullYear, unlike Date.UTC, leaves years 0-99 alone); null when it rolls over. */
const utcMidnight = (year: string, month: string, day: string): number | null => {
  const date = new Date(new Date(0).setUTCFullYear(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) ? date.getTime() : null;
};

const utcMidnightMillis = (date: string): number | null => {
  const match = LOCAL_DATE_PARTS.exec(date);
  return match ? utcMidnight(match[1]!, match[2]!, match[3]!) : null;
};

const formatDate = (date: DateTime): LocalDate => date.toFormat('yyyy-MM-dd');

export function toUtcInstant(at: Instant): Instant {
  return formatMillis(instantMillis(at));
}

/** Elapsed hours, not wall-clock hours: 24 hours after 10:00 on the day clocks go forward is 11:00. */
export function addHours(at: Instant, hours: number): Instant {
  return formatMillis(instantMillis(at) + hours * HOUR_MS);
}

/** 01:00 UTC on the last Sunday of a month (0-based): when the EU changes its clocks. */
const lastSundayAtOneUtc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
};

const utcDate = (millis: number): string => new Date(millis).toISOString().slice(0, 10);
const OSLO_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: OSLO_ZONE, hour: '2-digit', hourCycle: 'h23' });
const offsetHoursAt = (millis: number): number => (Number(OSLO_HOUR.format(millis)) - new Date(millis).getUTCHours() + 24) % 24;

/**
 * Summer time in a year by the EU rule Norway has kept since 1996, or null when the zone database says otherwise
 * for that year (checked once per year, on both sides of both changes and in mid-winter and mid-summer, so a change
 * of the rules is never missed). Intl formatting costs microseconds a call: it was most of the legal clock in a rebuild.
 */
/** false: not by the EU rule (a cache holds no null). */
const summerTimes = new LRUCache<number, { start: number; end: number } | false>({ max: 1000 });
const summerTimeOf = (year: number): { start: number; end: number } | null => {
  let known = summerTimes.get(year);
  if (known === undefined) {
    const start = lastSundayAtOneUtc(year, 2);
    const end = lastSundayAtOneUtc(year, 9);
    const expected: [number, number][] = [
      [Date.UTC(year, 0, 15, 12), 1],
      [start - 1, 1],
      [start, 2],
      [Date.UTC(year, 6, 15, 12), 2],
      [end - 1, 2],
      [end, 1],
    ];
    known = year >= 1996 && expected.every(([at, hours]) => offsetHoursAt(at) === hours) && { start, end };
    summerTimes.set(year, known);
  }
  return known || null;
};

const osloDateOfMillis = (millis: number): string => {
  const summer = summerTimeOf(new Date(millis).getUTCFullYear());
  if (summer === null) return OSLO_DATE.format(millis);
  return utcDate(millis + (millis >= summer.start && millis < summer.end ? 2 * HOUR_MS : HOUR_MS));
};

/** The Oslo calendar date an instant falls on. */
export function osloDateOf(at: Instant): LocalDate {
  const millis = instantMillis(at);
  const fast = osloDateOfMillis(millis);
  return LOCAL_DATE.test(fast) ? fast : formatDate(DateTime.fromMillis(millis, { zone: OSLO_ZONE }));
}

/** 00:00 Oslo time on `date` (midnight always exists in Oslo: the clocks change at 02:00/03:00). */
export function startOfOsloDay(date: LocalDate): Instant {
  return startsOfOsloDays(date);
}

const startsOfOsloDays = remembered((date: LocalDate): Instant =>
  formatInstant(DateTime.fromISO(formatDate(parseDate(date)), { zone: OSLO_ZONE })),
);

/**
 * The end of `date` in Oslo, as an exclusive bound: the first instant of the next day. An act is
 * within the day when it happens strictly before this instant. Exclusive, so that the day is
 * exactly covered whatever its length (23, 24 or 25 hours) and no "23:59:59.999" is needed.
 */
export function endOfOsloDay(date: LocalDate): Instant {
  return startOfOsloDay(addCalendarDays(date, 1));
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return shiftedDates(`${date}|${days}`);
}

const shiftedDates = remembered((key: string): LocalDate => {
  const [date, days] = key.split('|') as [LocalDate, string];
  return formatDate(parseDate(date).plus({ days: Number(days) }));
});

/** Calendar days from `from` to `to`: 0 for the same date, negative when `to` is earlier. */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [start, end] = [utcMidnightMillis(from), utcMidnightMillis(to)];
  if (start !== null && end !== null) return Math.round((end - start) / DAY_MS);
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
