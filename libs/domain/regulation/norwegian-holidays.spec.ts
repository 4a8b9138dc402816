import { easterSunday, isNorwegianPublicHoliday, norwegianPublicHolidays } from './norwegian-holidays.js';

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
  ])('%i: %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('norwegianPublicHolidays', () => {
  it('lists the fixed days and those that move with Easter, sorted', () => {
    expect(norwegianPublicHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-04-17', // skjærtorsdag
      '2025-04-18', // langfredag
      '2025-04-20', // 1. påskedag
      '2025-04-21', // 2. påskedag
      '2025-05-01',
      '2025-05-17',
      '2025-05-29', // Kristi himmelfartsdag
      '2025-06-08', // 1. pinsedag
      '2025-06-09', // 2. pinsedag
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('crosses month ends when Easter is late (2038: Whit Monday in June)', () => {
    expect(norwegianPublicHolidays(2038)).toContain('2038-06-14');
    expect(norwegianPublicHolidays(2038)).toContain('2038-06-03');
  });

  it('does not count Christmas Eve or New Year’s Eve', () => {
    expect(isNorwegianPublicHoliday('2024-12-24')).toBe(false);
    expect(isNorwegianPublicHoliday('2024-12-31')).toBe(false);
    expect(isNorwegianPublicHoliday('2024-12-26')).toBe(true);
  });
});
