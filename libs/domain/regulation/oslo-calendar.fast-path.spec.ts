import fc from 'fast-check';
import { DateTime } from 'luxon';
import { daysBetween, osloDateOf } from './oslo-calendar.js';

/** osloDateOf and daysBetween answer without luxon for the forms the store holds: the same answers as luxon gives. */
describe('the Oslo calendar fast paths', () => {
  const instant = fc
    .tuple(
      fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
      fc.constantFrom('Z', '+01:00', '+02:00', '-05:30', '+14:00', '+00:00'),
      fc.constantFrom('ms', 's', 'min'),
    )
    .map(([millis, zone, precision]) => {
      const local = DateTime.fromMillis(millis, { zone: zone === 'Z' ? 'utc' : `UTC${zone}` });
      const format = precision === 'ms' ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : precision === 's' ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
      return `${local.toFormat(format)}${zone}`;
    });

  it('gives the date in Oslo that luxon gives, around every change of the clocks too', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(osloDateOf(at)).toBe(DateTime.fromISO(at, { setZone: true }).setZone('Europe/Oslo').toFormat('yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives luxon\'s date either side of every change of the clocks and of every midnight near one, 1990-2100', () => {
    const luxonDate = (millis: number) => DateTime.fromMillis(millis, { zone: 'Europe/Oslo' }).toFormat('yyyy-MM-dd');
    for (let year = 1990; year <= 2100; year++) {
      for (const month of [3, 10]) {
        // The changes come at 01:00 UTC on a last Sunday; Oslo's midnights either side are at 22:00 or 23:00 UTC.
        for (let day = 25; day <= 31; day++) {
          for (const hour of [0, 1, 22, 23]) {
            const at = Date.UTC(year, month - 1, day, hour);
            for (const millis of [at - 1, at, at + 1]) {
              expect(osloDateOf(new Date(millis).toISOString())).toBe(luxonDate(millis));
            }
          }
        }
      }
    }
  });

  it('counts the days between dates that luxon counts', () => {
    const date = fc.integer({ min: -25_000, max: 50_000 }).map((days) => DateTime.fromISO('1950-01-01', { zone: 'utc' }).plus({ days }).toFormat('yyyy-MM-dd'));
    fc.assert(
      fc.property(date, date, (from, to) => {
        const luxon = Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);
        expect(daysBetween(from, to)).toBe(luxon);
      }),
      { numRuns: 2000 },
    );
  });

  it('still refuses what is not a real instant or date, as before', () => {
    for (const bad of ['2026-02-30T10:00:00Z', '2026-03-01T10:00:60Z', '2026-03-01T10:00:00']) {
      expect(() => osloDateOf(bad)).toThrow(RangeError);
    }
    expect(osloDateOf('2026-03-01T24:00Z')).toBe('2026-03-02'); // luxon reads 24:00 as the end of the day
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(osloDateOf('0050-06-01T12:00:00Z')).toBe('0050-06-01');
    expect(daysBetween('0050-01-01', '0050-01-02')).toBe(1);
  });
});
