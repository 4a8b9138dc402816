import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import { isLocalDate, parseInstant } from '#libs/domain/transfer-case/time.js';

/**
 * Every date and instant the system takes lies between 2000-01-01 and two years after today, both in Europe/Oslo
 * (domain.md, Invariants: Values). Nothing real in a transfer case lies outside, and a value far outside (9999-12-31,
 * 0000-01-01) breaks the calendar arithmetic of everything that reads it. The API's validation and the decider both
 * apply this one rule.
 */
export const EARLIEST_DATE = '2000-01-01';

/** How far ahead of the server's clock a caller's clock may run: a fact up to this far ahead is taken as happened. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
export const YEARS_AHEAD = 2;

const ZONE = 'Europe/Oslo';

export interface TimeBounds {
  /** The first allowed day, `YYYY-MM-DD`. */
  readonly earliestDate: string;
  /** The last allowed day: today in Europe/Oslo, two years on. */
  readonly latestDate: string;
  /** The first allowed instant: the start of `earliestDate` in Europe/Oslo. */
  readonly earliestMs: number;
  /** The first instant past the bounds: the start of the day after `latestDate` in Europe/Oslo. */
  readonly endMs: number;
}

const EARLIEST_MS = DateTime.fromISO(EARLIEST_DATE, { zone: ZONE }).toMillis();

/** By the minute: a few, so that clocks of several callers (tests) do not push each other out. */
const remembered = new LRUCache<number, TimeBounds>({ max: 16 });

/** The bounds as of `now`; they change only at midnight in Oslo, which falls on a whole minute. */
export const timeBounds = (now: Date): TimeBounds => {
  const minute = Math.floor(now.getTime() / 60_000);
  const known = remembered.get(minute);
  if (known) return known;
  const latest = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ years: YEARS_AHEAD });
  const bounds: TimeBounds = {
    earliestDate: EARLIEST_DATE,
    latestDate: latest.toISODate()!,
    earliestMs: EARLIEST_MS,
    endMs: latest.plus({ days: 1 }).toMillis(),
  };
  remembered.set(minute, bounds);
  return bounds;
};

/** True for a calendar date `YYYY-MM-DD` within the bounds; false for one outside. Say nothing about malformed dates. */
export const isDateWithin = (date: string, bounds: TimeBounds): boolean => date >= bounds.earliestDate && date <= bounds.latestDate;

export const isInstantWithin = (ms: number, bounds: TimeBounds): boolean => ms >= bounds.earliestMs && ms < bounds.endMs;

/** A month `YYYY-MM` that has at least one day within the bounds. */
export const isMonthWithin = (month: string, bounds: TimeBounds): boolean =>
  month >= bounds.earliestDate.slice(0, 7) && month <= bounds.latestDate.slice(0, 7);

/**
 * A date `YYYY-MM-DD` or an instant with its offset, within the bounds. Malformed text counts as within: whether a
 * value is a date at all is the format rule's to say, with its own message.
 */
export const isWithinBounds = (value: string, bounds: TimeBounds): boolean => {
  if (isLocalDate(value)) return isDateWithin(value, bounds);
  const ms = parseInstant(value);
  return ms === null || isInstantWithin(ms, bounds);
};

/** What a value outside the bounds is told, after its field's name. */
export const outOfBoundsMessage = (bounds: TimeBounds): string =>
  `must lie between ${bounds.earliestDate} and ${bounds.latestDate} (two years after today, Europe/Oslo)`;

/**
 * A fact (something that happened, not something planned) is not in the future: an instant at most
 * `FUTURE_TOLERANCE_MS` after `now`, a date no later than today in Europe/Oslo. Malformed text counts as not in the
 * future: whether a value is a date at all is the format rule's to say.
 */
export const isNotInFuture = (value: string, now: Date): boolean => {
  if (isLocalDate(value)) return value <= DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
  const ms = parseInstant(value);
  return ms === null || ms <= now.getTime() + FUTURE_TOLERANCE_MS;
};
