import { isDateWithin, isInstantWithin, isMonthWithin, isNotInFuture, isWithinBounds, outOfBoundsMessage, timeBounds } from './time-bounds.js';

describe('the bounds of dates and instants', () => {
  const now = new Date('2026-03-04T10:00:00Z');
  const bounds = timeBounds(now);

  it('run from 2000-01-01 to two years after today in Europe/Oslo', () => {
    expect(bounds.earliestDate).toBe('2000-01-01');
    expect(bounds.latestDate).toBe('2028-03-04');
    expect(new Date(bounds.earliestMs).toISOString()).toBe('1999-12-31T23:00:00.000Z');
    expect(new Date(bounds.endMs).toISOString()).toBe('2028-03-04T23:00:00.000Z');
    expect(outOfBoundsMessage(bounds)).toBe('must lie between 2000-01-01 and 2028-03-04 (two years after today, Europe/Oslo)');
  });

  it("take today from Oslo's calendar, not UTC's", () => {
    expect(timeBounds(new Date('2026-03-04T23:30:00Z')).latestDate).toBe('2028-03-05');
    expect(timeBounds(new Date('2026-03-04T22:59:00Z')).latestDate).toBe('2028-03-04');
  });

  it('keep a 29 February inside: two years on is the 28th', () => {
    expect(timeBounds(new Date('2028-02-29T12:00:00Z')).latestDate).toBe('2030-02-28');
  });

  it.each([
    ['2000-01-01', true],
    ['1999-12-31', false],
    ['2028-03-04', true],
    ['2028-03-05', false],
    ['9999-12-31', false],
    ['0000-01-01', false],
  ])('date %s within: %s', (date, within) => {
    expect(isDateWithin(date, bounds)).toBe(within);
    expect(isWithinBounds(date, bounds)).toBe(within);
  });

  it.each([
    ['2000-01-01T00:00:00+01:00', true],
    ['1999-12-31T22:59:59Z', false],
    ['2028-03-04T23:59:59+01:00', true],
    ['2028-03-05T00:00:00+01:00', false],
    ['9999-12-31T23:59:59Z', false],
    ['0001-01-01T00:00:00Z', false],
  ])('instant %s within: %s', (instant, within) => {
    expect(isInstantWithin(Date.parse(instant), bounds)).toBe(within);
    expect(isWithinBounds(instant, bounds)).toBe(within);
  });

  it('leave malformed text to the format rules', () => {
    expect(isWithinBounds('yesterday', bounds)).toBe(true);
  });

  it.each([
    ['2000-01', true],
    ['1999-12', false],
    ['2028-03', true],
    ['2028-04', false],
  ])('month %s within: %s', (month, within) => {
    expect(isMonthWithin(month, bounds)).toBe(within);
  });
});

describe('a fact is not in the future', () => {
  const now = new Date('2026-03-04T22:30:00Z'); // 23:30 in Oslo

  it.each([
    ['2026-03-04T22:35:00Z', true],
    ['2026-03-04T22:35:01Z', false],
    ['2026-03-04T23:30:00+01:00', true],
    ['2026-03-05T00:00:00+01:00', false],
    ['2026-03-04', true],
    ['2026-03-05', false],
    ['not a time', true],
  ])('%s: %s', (value, fine) => {
    expect(isNotInFuture(value, now)).toBe(fine);
  });

  it("takes today from Oslo's calendar: just after midnight in Oslo, the new day has begun", () => {
    expect(isNotInFuture('2026-03-05', new Date('2026-03-04T23:00:00Z'))).toBe(true);
  });
});
