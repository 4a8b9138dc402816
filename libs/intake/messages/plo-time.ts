import { DateTime } from 'luxon';

/**
 * Times in PLO messages (`kith:TS`, `xs:dateTime`) as the domain reads them. A time without an offset is
 * Europe/Oslo; a date without a time is that Oslo calendar day. Year, year-month and time-only forms say too little
 * to record a fact from.
 */

export type PloTime =
  | { readonly kind: 'instant'; readonly instant: string }
  | { readonly kind: 'date'; readonly date: string };

const OSLO = 'Europe/Oslo';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$/;

export const readPloTime = (value: string | undefined): PloTime | undefined => {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (DATE_TIME.test(text)) {
    const parsed = DateTime.fromISO(text, { zone: OSLO, setZone: false });
    return parsed.isValid ? { kind: 'instant', instant: parsed.toUTC().toISO()! } : undefined;
  }
  if (DATE.test(text)) {
    const date = text.slice(0, 10);
    return DateTime.fromISO(date, { zone: OSLO }).isValid ? { kind: 'date', date } : undefined;
  }
  return undefined;
};

/** The Oslo calendar day of a PLO time. */
export const osloDayOf = (time: PloTime): string =>
  time.kind === 'date' ? time.date : DateTime.fromISO(time.instant, { zone: OSLO }).toISODate()!;

/**
 * The instant that stands for a PLO time among a case's facts: itself when it has a time of day; for a date, the
 * message's send time when that falls on the same Oslo day, else 12:00 Oslo time that day.
 */
export const instantOf = (time: PloTime, sentAt: string): string => {
  if (time.kind === 'instant') return time.instant;
  const sent = DateTime.fromISO(sentAt, { zone: OSLO });
  if (sent.isValid && sent.toISODate() === time.date) return sent.toUTC().toISO()!;
  return DateTime.fromISO(`${time.date}T12:00:00`, { zone: OSLO }).toUTC().toISO()!;
};
