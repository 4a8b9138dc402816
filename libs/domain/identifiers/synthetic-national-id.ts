import {
  FODSELSNUMMER_SERIES,
  SYNTHETIC_MONTH_OFFSETS,
  isCalendarDate,
  nationalIdControlDigits,
  seriesYear,
  type SyntheticScheme,
} from './national-id.js';

export interface SyntheticNationalIdSpec {
  /** `YYYY-MM-DD`, 1854–2039. */
  birthDate: string;
  /** 0–999, within the series the birth year allows (e.g. 000–499 for 1900–1939). */
  individualNumber: number;
  /** Default `tenor`: month + 80, which no real or H-number uses. */
  scheme?: SyntheticScheme;
  /** A synthetic D-number (day + 40) instead of a fødselsnummer. */
  dNumber?: boolean;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * A valid synthetic national ID for test and demo data, the same for the same spec.
 * When the individual number has no valid control digits, the next one in its series
 * that has them is used (wrapping within the series). Throws RangeError for an impossible spec.
 */
export const syntheticNationalId = (spec: SyntheticNationalIdSpec): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(spec.birthDate);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!isCalendarDate(year, month, day)) throw new RangeError(`Not a calendar date: ${spec.birthDate}`);

  const { individualNumber } = spec;
  const series = FODSELSNUMMER_SERIES.find((s) => seriesYear(s, individualNumber, year % 100) === year);
  if (!Number.isInteger(individualNumber) || series === undefined) {
    throw new RangeError(`Individual number ${individualNumber} is not given to people born in ${year}`);
  }

  const dayField = day + (spec.dNumber === true ? 40 : 0);
  const monthField = month + SYNTHETIC_MONTH_OFFSETS[spec.scheme ?? 'tenor'];
  const datePart = `${pad(dayField, 2)}${pad(monthField, 2)}${pad(year % 100, 2)}`;
  const size = series.to - series.from + 1;
  for (let step = 0; step < size; step += 1) {
    const candidate = series.from + ((individualNumber - series.from + step) % size);
    const firstNine = `${datePart}${pad(candidate, 3)}`;
    const controls = nationalIdControlDigits(firstNine);
    if (controls !== null) return `${firstNine}${controls}`;
  }
  throw new RangeError(`No individual number in ${series.from}–${series.to} has valid control digits for ${datePart}`);
};
