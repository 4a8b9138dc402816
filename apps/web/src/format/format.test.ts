import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNok, instantToOsloLocal, osloLocalToInstant, osloToday, timeLeft } from './format';

describe('Oslo time in forms', () => {
  it('reads a datetime-local value as Oslo wall time, winter and summer', () => {
    expect(osloLocalToInstant('2026-01-15T09:30')).toBe('2026-01-15T09:30:00+01:00');
    expect(osloLocalToInstant('2026-07-01T09:30')).toBe('2026-07-01T09:30:00+02:00');
  });

  it('gets the offset right on the night clocks go forward', () => {
    expect(osloLocalToInstant('2026-03-29T01:30')).toBe('2026-03-29T01:30:00+01:00');
    expect(osloLocalToInstant('2026-03-29T04:00')).toBe('2026-03-29T04:00:00+02:00');
  });

  it('refuses what is not a datetime-local value', () => {
    expect(osloLocalToInstant('')).toBeNull();
    expect(osloLocalToInstant('15.01.2026 09:30')).toBeNull();
  });

  it('shows an instant as Oslo wall time and date', () => {
    expect(instantToOsloLocal('2026-01-15T08:30:00Z')).toBe('2026-01-15T09:30');
    expect(osloToday(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
  });
});

describe('Norwegian formats', () => {
  it('formats NOK and times in nb-NO, Europe/Oslo', () => {
    expect(formatNok(5745).replace(/\s/g, ' ')).toBe('5 745 kr');
    expect(formatDateTime('2026-01-15T08:30:00Z')).toBe('15. jan. 2026 kl. 09.30');
  });

  it('tells the time left or past a deadline', () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    expect(timeLeft('2026-01-15T15:00:00Z', now)).toBe('om 3 t');
    expect(timeLeft('2026-01-12T12:00:00Z', now)).toBe('3 d over fristen');
  });
});
