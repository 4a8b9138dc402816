import {
  addCalendarDays,
  addHours,
  addWorkingDays,
  daysBetween,
  endOfOsloDay,
  isWorkingDay,
  osloDateOf,
  startOfNextMonth,
  startOfOsloDay,
  toUtcInstant,
} from './oslo-calendar.js';

const withHolidays = { excludeNorwegianPublicHolidays: true };
const weekdaysOnly = { excludeNorwegianPublicHolidays: false };

describe('osloDateOf', () => {
  it.each([
    ['2024-03-30T22:30:00Z', '2024-03-30'], // 23:30 CET, the Saturday before clocks go forward
    ['2024-03-30T23:30:00Z', '2024-03-31'], // 00:30 CET
    ['2024-06-30T21:59:59.999Z', '2024-06-30'], // 23:59:59.999 CEST
    ['2024-06-30T22:00:00Z', '2024-07-01'], // 00:00 CEST
    ['2024-10-27T00:30:00Z', '2024-10-27'], // 02:30 CEST, before the clocks go back
    ['2024-10-27T01:30:00Z', '2024-10-27'], // 02:30 CET, the repeated hour
    ['2024-12-31T22:59:59Z', '2024-12-31'],
    ['2024-12-31T23:00:00Z', '2025-01-01'],
    ['2025-01-01T00:30:00+01:00', '2025-01-01'],
  ])('%s is on %s', (instant, date) => {
    expect(osloDateOf(instant)).toBe(date);
  });

  it('refuses an instant without an offset, which would depend on the machine’s zone', () => {
    expect(() => osloDateOf('2024-03-30T10:00:00')).toThrow(RangeError);
    expect(() => osloDateOf('yesterday')).toThrow(RangeError);
  });
});

describe('startOfOsloDay and endOfOsloDay', () => {
  it.each([
    // date, start, end (exclusive: the next day's first instant)
    ['2024-03-30', '2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z'], // 24 h, CET
    ['2024-03-31', '2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z'], // 23 h: clocks forward
    ['2024-04-01', '2024-03-31T22:00:00.000Z', '2024-04-01T22:00:00.000Z'], // 24 h, CEST
    ['2024-10-26', '2024-10-25T22:00:00.000Z', '2024-10-26T22:00:00.000Z'],
    ['2024-10-27', '2024-10-26T22:00:00.000Z', '2024-10-27T23:00:00.000Z'], // 25 h: clocks back
    ['2024-12-31', '2024-12-30T23:00:00.000Z', '2024-12-31T23:00:00.000Z'],
  ])('%s runs from %s to %s', (date, start, end) => {
    expect(startOfOsloDay(date)).toBe(start);
    expect(endOfOsloDay(date)).toBe(end);
  });

  it('puts the last moment of a day before its end and the first of the next day at it', () => {
    const end = endOfOsloDay('2024-03-31');
    expect(osloDateOf(addHours(end, -0.001 / 3600))).toBe('2024-03-31');
    expect(osloDateOf(end)).toBe('2024-04-01');
  });
});

describe('calendar arithmetic', () => {
  it('adds calendar days across New Year, a leap day and the clock changes', () => {
    expect(addCalendarDays('2024-12-30', 3)).toBe('2025-01-02');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-03-30', 1)).toBe('2024-03-31');
    expect(addCalendarDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(addCalendarDays('2024-10-27', 1)).toBe('2024-10-28');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('counts days between dates whatever the length of the days between', () => {
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
    expect(daysBetween('2024-12-30', '2025-01-02')).toBe(3);
    expect(daysBetween('2024-05-05', '2024-05-05')).toBe(0);
    expect(daysBetween('2024-05-05', '2024-05-03')).toBe(-2);
  });

  it('finds the first day of the next month, across New Year', () => {
    expect(startOfNextMonth('2024-01-31')).toBe('2024-02-01');
    expect(startOfNextMonth('2024-12-01')).toBe('2025-01-01');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => addCalendarDays('2024-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('2024-2-3', '2024-02-04')).toThrow(RangeError);
  });
});

describe('instants', () => {
  it('adds elapsed hours: 24 hours after Saturday 10:00 is Sunday 11:00 when the clocks go forward', () => {
    expect(addHours('2024-03-30T10:00:00+01:00', 24)).toBe('2024-03-31T09:00:00.000Z');
  });

  it('normalises to UTC', () => {
    expect(toUtcInstant('2024-07-01T00:30:00+02:00')).toBe('2024-06-30T22:30:00.000Z');
  });
});

describe('working days', () => {
  it('is Monday to Friday, without public holidays when so configured', () => {
    expect(isWorkingDay('2024-05-17', withHolidays)).toBe(false); // a Friday, Constitution Day
    expect(isWorkingDay('2024-05-17', weekdaysOnly)).toBe(true);
    expect(isWorkingDay('2024-05-18', weekdaysOnly)).toBe(false);
  });

  it('does not count the start day: Friday + 2 is Tuesday', () => {
    expect(addWorkingDays('2024-09-06', 2, withHolidays)).toBe('2024-09-10');
    expect(addWorkingDays('2024-09-09', 2, withHolidays)).toBe('2024-09-11');
  });

  it('skips Easter when holidays are excluded', () => {
    // Wednesday before Easter 2024: Thursday, Friday, Monday are holidays
    expect(addWorkingDays('2024-03-27', 2, withHolidays)).toBe('2024-04-03');
    expect(addWorkingDays('2024-03-27', 2, weekdaysOnly)).toBe('2024-03-29');
  });

  it('skips Christmas and New Year, but not Christmas Eve', () => {
    expect(addWorkingDays('2024-12-23', 2, withHolidays)).toBe('2024-12-27');
    expect(addWorkingDays('2024-12-31', 1, withHolidays)).toBe('2025-01-02');
  });

  it('returns the date itself for 0, and refuses a negative or fractional count', () => {
    expect(addWorkingDays('2024-09-07', 0, withHolidays)).toBe('2024-09-07');
    expect(() => addWorkingDays('2024-09-07', -1, withHolidays)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-09-07', 1.5, withHolidays)).toThrow(RangeError);
  });
});
