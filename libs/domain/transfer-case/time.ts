import { DateTime } from 'luxon';

// Stricter than Date.parse, which takes "March 1" and rolls 30 February over into March.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** luxon's reading of an instant: the reference, and the answer for anything outside the plain cases. */
export const parseInstantWithLuxon = (text: string): number | null => {
  if (!INSTANT.test(text)) return null;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!;

/**
 * Milliseconds since the epoch of an ISO 8601 instant with an offset, or null if it is none. The legal clock and the
 * audit read every instant of a case on each projection of it, and luxon's parser was a tenth of the API's CPU: the
 * plain cases are computed directly, exactly as luxon reads them (a property test holds the two together), the rest
 * goes to luxon.
 */
export const parseInstant = (text: string): number | null => {
  const canonical = readCanonicalUtc(text);
  return canonical ?? readInstant(text);
};

const twoDigits = (text: string, at: number): number => {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
};

/**
 * The form the store holds almost every instant in (`toISOString`: `2024-06-07T10:00:00.000Z`, or without the
 * milliseconds), read without a regular expression; undefined for anything else, which `readInstant` reads.
 */
const readCanonicalUtc = (text: string): number | undefined => {
  const length = text.length;
  if ((length !== 20 && length !== 24) || text.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let millisecond = 0;
  if (length === 24) {
    const last = text.charCodeAt(22) - 48;
    const firstTwo = twoDigits(text, 20);
    if (text[19] !== '.' || firstTwo < 0 || last < 0 || last > 9) return undefined;
    // luxon's reading of a fraction, floor(0.xyz × 1000), which is xyz for three digits.
    millisecond = firstTwo * 10 + last;
  }
  const year = century * 100 + yearOfCentury;
  if (century < 10 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
};

const readInstant = (text: string): number | null => {
  const match = INSTANT.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const offsetHours = match[8] ? 0 : Number(match[10]);
  const offsetMinutes = match[8] ? 0 : Number(match[11]);
  const plain =
    year >= 1000 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 &&
    offsetHours <= 14 && offsetMinutes <= 59;
  if (!plain) return parseInstantWithLuxon(text);
  if (day > daysInMonth(year, month)) return null;
  const millisecond = match[7] === undefined ? 0 : Math.floor(parseFloat(`0.${match[7]}`) * 1000);
  const offset = (offsetHours * 60 + offsetMinutes) * (match[9] === '-' ? -1 : 1);
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
};

export const isLocalDate = (text: string): boolean => LOCAL_DATE.test(text) && DateTime.fromISO(text).isValid;

/** Milliseconds since the epoch of an ISO 8601 instant with an offset; a RangeError for anything else. */
export const instantMillis = (text: string): number => {
  const millis = parseInstant(text);
  if (millis === null) throw new RangeError(`Not an ISO 8601 instant with an offset: ${text}`);
  return millis;
};

/**
 * Whether `a` is strictly earlier than `b`, whatever offsets they are written with. An unreadable instant is a
 * RangeError, never "not before": the decider checks a command's instants before it compares them, and a stored
 * event with an unreadable time is a fault of that case, not a fact to reason about.
 */
export const isBefore = (a: string, b: string): boolean => instantMillis(a) < instantMillis(b);

/** The same instant, however written (`10:00Z` and `11:00+01:00` are the same). */
export const isSameInstant = (a: string, b: string): boolean => instantMillis(a) === instantMillis(b);

/** The calendar date in Norway at `instant`; undefined for an invalid Date. */
export const osloDate = (instant: Date): string | undefined =>
  DateTime.fromJSDate(instant, { zone: 'Europe/Oslo' }).toISODate() ?? undefined;
