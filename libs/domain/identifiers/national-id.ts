import { mod11ControlDigit, toDigits } from './mod11.js';

/**
 * Norwegian national identity numbers: fødselsnummer and D-number, DDMMYY III K1 K2.
 * Control digits by the rule in force until 2032; the new identifier planned from then is not handled.
 */

export type NationalIdKind = 'fodselsnummer' | 'd_number';

/**
 * Synthetic test populations add an offset to the month: NAV's Dolly + 40,
 * Skatteetaten's Tenor (Test-Norge, also used by Helsenorge and HelseID test users) + 80.
 * Month + 40 is also the health sector's H-number (hjelpenummer), which is neither a
 * fødselsnummer nor a D-number and so is refused wherever synthetic numbers are.
 */
export const SYNTHETIC_MONTH_OFFSETS = { nav: 40, tenor: 80 } as const;
export type SyntheticScheme = keyof typeof SYNTHETIC_MONTH_OFFSETS;

const D_NUMBER_DAY_OFFSET = 40;

export interface NationalIdOptions {
  /** Accept synthetic test numbers. Off in production (`ALLOW_SYNTHETIC_IDS`). */
  allowSynthetic?: boolean;
  /** `YYYY-MM-DD`: when given, a number whose birth date must be later is refused. */
  today?: string;
}

export const NATIONAL_ID_INVALID_REASONS = [
  'not_11_digits',
  'control_digits',
  'synthetic_not_allowed',
  'individual_number_out_of_range',
  'no_such_date',
  'born_after_today',
] as const;
export type NationalIdInvalidReason = (typeof NATIONAL_ID_INVALID_REASONS)[number];

export type NationalIdCheck =
  | {
      valid: true;
      kind: NationalIdKind;
      synthetic: SyntheticScheme | null;
      /** Null when a D-number's century is ambiguous (see `D_NUMBER_SERIES`). */
      birthDate: string | null;
    }
  | { valid: false; reason: NationalIdInvalidReason };

/** Which individual numbers are given to people born in which years. */
export interface IndividualNumberSeries {
  readonly from: number;
  readonly to: number;
  readonly firstYear: number;
  readonly lastYear: number;
}

export const FODSELSNUMMER_SERIES: readonly IndividualNumberSeries[] = [
  { from: 0, to: 499, firstYear: 1900, lastYear: 1999 },
  { from: 500, to: 749, firstYear: 1854, lastYear: 1899 },
  { from: 500, to: 999, firstYear: 2000, lastYear: 2039 },
  { from: 900, to: 999, firstYear: 1940, lastYear: 1999 },
];

/**
 * Since August 2021 D-numbers also use series that fødselsnumre leave free (Skatteetaten,
 * "Utvidelse av D-nummerserien"), so a D-number's individual number may fit two centuries.
 */
const D_NUMBER_SERIES: readonly IndividualNumberSeries[] = [
  ...FODSELSNUMMER_SERIES,
  { from: 600, to: 999, firstYear: 1940, lastYear: 1999 },
  { from: 200, to: 499, firstYear: 2000, lastYear: 2039 },
];

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** The two control digits for the first nine digits, or null when that base has none. */
export const nationalIdControlDigits = (firstNine: string): string | null => {
  const digits = toDigits(firstNine);
  const k1 = mod11ControlDigit(digits, K1_WEIGHTS);
  if (k1 === null) return null;
  const k2 = mod11ControlDigit([...digits, k1], K2_WEIGHTS);
  return k2 === null ? null : `${k1}${k2}`;
};

/** The year in `series` ending in `twoDigitYear`, if that series gives out `individualNumber`. */
export const seriesYear = (series: IndividualNumberSeries, individualNumber: number, twoDigitYear: number): number | null => {
  if (individualNumber < series.from || individualNumber > series.to) return null;
  const year = series.firstYear - (series.firstYear % 100) + twoDigitYear;
  const inCentury = year < series.firstYear ? year + 100 : year;
  return inCentury <= series.lastYear ? inCentury : null;
};

const formatDate = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

export const isCalendarDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** The real month and synthetic scheme a number's month field encodes, or null for no month at all. */
const decodeMonth = (monthField: number): { month: number; synthetic: SyntheticScheme | null } | null => {
  if (monthField >= 1 && monthField <= 12) return { month: monthField, synthetic: null };
  for (const [scheme, offset] of Object.entries(SYNTHETIC_MONTH_OFFSETS) as [SyntheticScheme, number][]) {
    const month = monthField - offset;
    if (month >= 1 && month <= 12) return { month, synthetic: scheme };
  }
  return null;
};

const invalid = (reason: NationalIdInvalidReason): NationalIdCheck => ({ valid: false, reason });

export const checkNationalId = (value: string, options: NationalIdOptions = {}): NationalIdCheck => {
  if (!/^\d{11}$/.test(value)) return invalid('not_11_digits');
  if (nationalIdControlDigits(value.slice(0, 9)) !== value.slice(9)) return invalid('control_digits');

  const dayField = Number(value.slice(0, 2));
  const monthField = Number(value.slice(2, 4));
  const twoDigitYear = Number(value.slice(4, 6));
  const individualNumber = Number(value.slice(6, 9));

  const decoded = decodeMonth(monthField);
  if (decoded === null) return invalid('no_such_date');
  const { month, synthetic } = decoded;
  if (synthetic !== null && options.allowSynthetic !== true) return invalid('synthetic_not_allowed');

  const kind: NationalIdKind = dayField > D_NUMBER_DAY_OFFSET ? 'd_number' : 'fodselsnummer';
  const day = kind === 'd_number' ? dayField - D_NUMBER_DAY_OFFSET : dayField;

  const series = kind === 'd_number' ? D_NUMBER_SERIES : FODSELSNUMMER_SERIES;
  const years = [
    ...new Set(series.map((s) => seriesYear(s, individualNumber, twoDigitYear)).filter((y) => y !== null)),
  ];
  if (years.length === 0) return invalid('individual_number_out_of_range');

  const dates = years.filter((year) => isCalendarDate(year, month, day)).map((year) => formatDate(year, month, day));
  if (dates.length === 0) return invalid('no_such_date');

  const today = options.today;
  const possible = today === undefined ? dates : dates.filter((date) => date <= today);
  if (possible.length === 0) return invalid('born_after_today');

  return { valid: true, kind, synthetic, birthDate: possible.length === 1 ? possible[0]! : null };
};

export const isValidNationalId = (value: string, options: NationalIdOptions = {}): boolean =>
  checkNationalId(value, options).valid;
