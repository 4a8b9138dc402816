/** Dates, times and numbers as Norwegians read them: nb-NO, in Europe/Oslo whatever the browser's zone. */
export const OSLO = 'Europe/Oslo';

const clock = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const date = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, dateStyle: 'medium' });
const nok = new Intl.NumberFormat('nb-NO', { style: 'currency', currency: 'NOK', maximumFractionDigits: 0 });
const number = new Intl.NumberFormat('nb-NO');
const percent = new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 0 });
const month = new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const longMonth = new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** The Oslo time of day as Norwegian writing has it, `14.32` (Språkrådet: a full stop between hours and minutes). */
export const formatTime = (instant: string | number | Date): string => {
  const parts = clock.formatToParts(new Date(instant));
  return `${parts.find((part) => part.type === 'hour')?.value}.${parts.find((part) => part.type === 'minute')?.value}`;
};
/** `4. des. 2026 kl. 18.14` */
export const formatDateTime = (instant: string | null | undefined): string =>
  instant ? `${date.format(new Date(instant))} kl. ${formatTime(instant)}` : '–';
/** A calendar date `YYYY-MM-DD` or an instant, shown as its Oslo date. */
export const formatDate = (value: string | null | undefined): string => {
  if (!value) return '–';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? date.format(new Date(`${value}T12:00:00Z`)) : date.format(new Date(value));
};
export const formatNok = (amount: number | null | undefined): string => (amount == null ? '–' : nok.format(amount));
export const formatNumber = (value: number | null | undefined): string => (value == null ? '–' : number.format(value));
/** A share 0–1 as `12 %`. */
export const formatPercent = (share: number | null | undefined): string => (share == null ? '–' : percent.format(share));
/** `YYYY-MM` as "mar. 2026" (charts and tables). */
export const formatMonth = (value: string): string => month.format(new Date(`${value}-01T00:00:00Z`));
/** `YYYY-MM` as "mars 2026" (headings). */
export const formatLongMonth = (value: string): string => longMonth.format(new Date(`${value}-01T00:00:00Z`));

/** The Oslo offset at an instant, e.g. `+01:00`. */
export const osloOffset = (at: Date): string => {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: OSLO, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = name?.match(/GMT([+-]\d{2}:\d{2})/);
  return match ? match[1]! : '+00:00';
};

/** A `datetime-local` value read as Oslo wall time, as an instant with its offset: `2026-03-02T09:30:00+01:00`. */
export const osloLocalToInstant = (local: string): string | null => {
  const match = local.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/);
  if (!match) return null;
  const wall = `${match[1]}T${match[2]}:00`;
  // The offset at the wall time read as UTC, then again at the corrected instant (right across DST changes).
  let offset = osloOffset(new Date(`${wall}Z`));
  offset = osloOffset(new Date(`${wall}${offset}`));
  return `${wall}${offset}`;
};

/** An instant as a `datetime-local` value in Oslo wall time. */
export const instantToOsloLocal = (instant: Date | string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: OSLO,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
};

/** Today's Oslo calendar date, `YYYY-MM-DD`. */
export const osloToday = (now: Date = new Date()): string => instantToOsloLocal(now).slice(0, 10);

/** "om 3 t" / "2 d siden": time left until (or past) an instant. */
export const timeLeft = (dueAt: string, now: number = Date.now()): string => {
  const minutes = Math.round((Date.parse(dueAt) - now) / 60_000);
  const abs = Math.abs(minutes);
  const text = abs >= 2 * 24 * 60 ? `${Math.round(abs / (24 * 60))} d` : abs >= 60 ? `${Math.round(abs / 60)} t` : `${abs} min`;
  return minutes >= 0 ? `om ${text}` : `${text} over fristen`;
};
