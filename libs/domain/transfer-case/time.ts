import { DateTime } from 'luxon';

// Stricter than Date.parse, which takes "March 1" and rolls 30 February over into March.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds since the epoch of an ISO 8601 instant with an offset, or null if it is none. */
export const parseInstant = (text: string): number | null => {
  if (!INSTANT.test(text)) return null;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
};

export const isLocalDate = (text: string): boolean => LOCAL_DATE.test(text) && DateTime.fromISO(text).isValid;

/** True only when both are instants and `a` is strictly earlier: an unreadable time is refused elsewhere. */
export const isBefore = (a: string, b: string): boolean => {
  const [left, right] = [parseInstant(a), parseInstant(b)];
  return left !== null && right !== null && left < right;
};

/** The calendar date in Norway at `instant`; undefined for an invalid Date. */
export const osloDate = (instant: Date): string | undefined =>
  DateTime.fromJSDate(instant, { zone: 'Europe/Oslo' }).toISODate() ?? undefined;
