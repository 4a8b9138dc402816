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

/**
 * Milliseconds since the epoch of an ISO 8601 instant with an offset, or null if it is none. Every command reads
 * several instants, and luxon's parser was a tenth of the API's CPU: the plain cases are computed directly,
 * exactly as luxon reads them (a property test holds the two together), the rest goes to luxon.
 */
export const parseInstant = (text: string): number | null => {
  const match = INSTANT.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((group) => Number(match[group]));
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const offsetHours = match[8] ? 0 : Number(match[10]);
  const offsetMinutes = match[8] ? 0 : Number(match[11]);
  const plain =
    year! >= 1000 && month! >= 1 && month! <= 12 && day! >= 1 && hour! <= 23 && minute! <= 59 && second <= 59 &&
    offsetHours <= 14 && offsetMinutes <= 59;
  if (!plain) return parseInstantWithLuxon(text);
  const millisecond = match[7] === undefined ? 0 : Math.floor(parseFloat(`0.${match[7]}`) * 1000);
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second, millisecond);
  if (new Date(utc).getUTCDate() !== day) return null;
  const offset = (offsetHours * 60 + offsetMinutes) * (match[9] === '-' ? -1 : 1);
  return utc - offset * 60_000;
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
