import type { LocalDate } from '#libs/domain/transfer-case/events.js';

/** Easter Sunday of a Gregorian year (the anonymous Meeus/Jones/Butcher algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDate(year, month, day);
}

/** Days from Easter Sunday of the moveable public holidays (helligdager). */
const EASTER_OFFSETS = {
  maundyThursday: -3,
  goodFriday: -2,
  easterSunday: 0,
  easterMonday: 1,
  ascensionDay: 39,
  whitSunday: 49,
  whitMonday: 50,
} as const;

/** [month, day] of the fixed public holidays. Christmas Eve and New Year's Eve are not public holidays. */
const FIXED_HOLIDAYS = [
  [1, 1],
  [5, 1],
  [5, 17],
  [12, 25],
  [12, 26],
] as const;

/** The official Norwegian public holidays (offentlige høytidsdager) of a year, sorted. */
export function norwegianPublicHolidays(year: number): LocalDate[] {
  const [easterMonth, easterDay] = easterSunday(year).split('-').slice(1).map(Number) as [number, number];
  const moveable = Object.values(EASTER_OFFSETS).map((offset) => utcDate(year, easterMonth, easterDay + offset));
  const fixed = FIXED_HOLIDAYS.map(([month, day]) => utcDate(year, month, day));
  return [...moveable, ...fixed].sort();
}

export function isNorwegianPublicHoliday(date: LocalDate): boolean {
  return norwegianPublicHolidays(Number(date.slice(0, 4))).includes(date);
}

/** `Date.UTC` normalises overflowing days, so Easter offsets may run past the end of a month. */
function utcDate(year: number, month: number, day: number): LocalDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}
