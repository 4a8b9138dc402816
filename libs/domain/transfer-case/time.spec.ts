import fc from 'fast-check';
import { instantMillis, isBefore, isSameInstant, parseInstant, parseInstantWithLuxon } from './time.js';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Instant-shaped texts, valid or not: every field may be out of range. */
const instantText = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.option(fc.integer({ min: 0, max: 61 })),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/)),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 })).map(
        ([sign, hours, minutes]) => `${sign}${pad(hours, 2)}:${pad(minutes, 2)}`,
      ),
    ),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone }) => {
    const seconds = second === null ? '' : `:${pad(second, 2)}${fraction === null ? '' : `.${fraction}`}`;
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}${seconds}${zone}`;
  });

describe('parseInstant', () => {
  it('reads every instant-shaped text exactly as luxon does', () => {
    fc.assert(
      fc.property(instantText, (text) => {
        expect(parseInstant(text)).toBe(parseInstantWithLuxon(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the form the store holds, toISOString, to the millisecond', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseInstant(date.toISOString())).toBe(date.getTime());
        expect(parseInstant(date.toISOString().replace(/\.\d{3}Z$/, 'Z'))).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['2026-03-29T02:30:00+02:00', Date.UTC(2026, 2, 29, 0, 30)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2026-11-23T12:00-05:30', Date.UTC(2026, 10, 23, 17, 30)],
  ])('reads %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each(['2026-02-30T10:00:00Z', '2026-02-29T10:00:00.000Z', '2024-02-30T00:00:00.000Z', '2026-13-01T10:00:00Z', '2026-03-01 10:00:00Z', '2026-03-01T10:00:00', 'March 1'])(
    'refuses %s',
    (text) => {
      expect(parseInstant(text)).toBeNull();
    },
  );
});

describe('comparing instants', () => {
  it('compares across offsets', () => {
    expect(isBefore('2024-07-01T00:30:00+02:00', '2024-06-30T22:31:00Z')).toBe(true);
    expect(isBefore('2024-06-30T22:30:00Z', '2024-07-01T00:30:00+02:00')).toBe(false);
    expect(isSameInstant('2024-06-30T22:30:00Z', '2024-07-01T00:30:00.000+02:00')).toBe(true);
  });

  it('throws on an unreadable instant rather than answer "not before"', () => {
    expect(() => isBefore('yesterday', '2024-06-30T22:30:00Z')).toThrow(RangeError);
    expect(() => isBefore('2024-06-30T22:30:00Z', '2024-06-30T22:30:00')).toThrow(RangeError);
    expect(() => instantMillis('2024-02-30T10:00:00Z')).toThrow(RangeError);
  });
});
