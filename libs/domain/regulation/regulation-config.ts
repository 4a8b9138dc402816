import type { WorkingDayCalendar } from './oslo-calendar.js';

/**
 * The rules of the regulation (FOR-2011-11-18-1115) as versioned configuration: a change in the
 * rules is a new `rulesVersion`, not a code change.
 */

export const DAY_UNITS = ['calendar_days', 'working_days'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];
export const RULE_UNITS = ['hours', ...DAY_UNITS] as const;
export type RuleUnit = (typeof RULE_UNITS)[number];

/** Due `amount` elapsed hours after the start. */
export interface HoursRule {
  readonly unit: 'hours';
  readonly amount: number;
}

/** Due at the end of the Oslo day `amount` calendar or working days after the start's date; 0 is that same day. */
export interface DayRule {
  readonly unit: DayUnit;
  readonly amount: number;
}

export type DeadlineRule = HoursRule | DayRule;

export interface DeadlineRules {
  /** § 8, from `admittedAt`. */
  readonly admissionNotice: DeadlineRule;
  /** § 10, from `declaredAt`. */
  readonly readinessNotice: DeadlineRule;
  /** § 11, from the readiness notice. */
  readonly municipalResponse: DeadlineRule;
  /** § 11 second paragraph, from the `expectedReadyDate` itself: a date, so days only. */
  readonly expectedReady: DayRule;
  /** Local policy, from the admission notice; `null`: no visit deadline. */
  readonly visit: DeadlineRule | null;
}

export interface RegulationConfig {
  readonly rulesVersion: string;
  readonly deadlines: DeadlineRules;
  readonly workingDays: WorkingDayCalendar;
  /** NOK per day (døgn), by year: `{ "2024": 5745 }`. A year without a rate is priced `rate_missing`. */
  readonly dayRates: Readonly<Record<string, number>>;
  /** Samarbeidsavtaler: by municipality code, the deadlines that replace the defaults there. */
  readonly municipalityOverrides: Readonly<Record<string, Partial<DeadlineRules>>>;
}

/** The rules that apply to the cases of one municipality. */
export interface EffectiveRules {
  readonly rulesVersion: string;
  readonly municipalityCode: string;
  readonly deadlines: DeadlineRules;
  readonly workingDays: WorkingDayCalendar;
}

/**
 * The version of how the legal clock reads a case (code, not configuration): bumped when a case's events give other
 * deadlines or periods under the same configured rules, so the read models built from them are rebuilt.
 * 2 (spec version 2): events are read in the order they happened, each on its fact time; `needIdentifiedAt`.
 */
export const LEGAL_CLOCK_VERSION = 2;

export const DEFAULT_REGULATION_CONFIG: RegulationConfig = {
  rulesVersion: 'national-2024-v2',
  deadlines: {
    admissionNotice: { unit: 'hours', amount: 24 },
    readinessNotice: { unit: 'calendar_days', amount: 0 },
    municipalResponse: { unit: 'calendar_days', amount: 0 },
    expectedReady: { unit: 'calendar_days', amount: 0 },
    visit: null,
  },
  workingDays: { excludeNorwegianPublicHolidays: true },
  // Helsedirektoratet's published rates. An admin adds a year when its rate is published.
  dayRates: {
    '2012': 4000,
    '2014': 4255,
    '2015': 4387,
    '2016': 4505,
    '2017': 4622,
    '2018': 4747,
    '2019': 4885,
    '2020': 5036,
    '2021': 5167,
    '2022': 5306,
    '2023': 5508,
    '2024': 5745,
  },
  municipalityOverrides: {},
};

export function effectiveRules(config: RegulationConfig, municipalityCode: string): EffectiveRules {
  const overrides = Object.hasOwn(config.municipalityOverrides, municipalityCode)
    ? config.municipalityOverrides[municipalityCode]
    : undefined;
  return {
    rulesVersion: config.rulesVersion,
    municipalityCode,
    deadlines: withOverrides(config.deadlines, overrides ?? {}),
    workingDays: config.workingDays,
  };
}

/** The day rate of a year in NOK, or `null` when none is configured (never guessed). */
export function dayRate(config: RegulationConfig, year: number): number | null {
  const key = String(year);
  return Object.hasOwn(config.dayRates, key) ? (config.dayRates[key] ?? null) : null;
}

export class RegulationConfigError extends Error {
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid regulation config:\n- ${issues.join('\n- ')}`);
    this.name = 'RegulationConfigError';
    this.issues = issues;
  }
}

const CONFIG_KEYS = ['rulesVersion', 'deadlines', 'workingDays', 'dayRates', 'municipalityOverrides'];
const RULE_KEYS = ['admissionNotice', 'readinessNotice', 'municipalResponse', 'expectedReady', 'visit'];
const FOUR_DIGITS = /^\d{4}$/;

/**
 * Reads a configuration document (a JSON string or its parsed value) over the defaults: `rulesVersion`
 * is required; every other field is optional and keeps its default when left out; `dayRates` and
 * `municipalityOverrides` add to or replace the defaults' entries; a deadline given replaces that
 * deadline's default. Unknown fields are refused, so a misspelt rule cannot be silently ignored.
 * Every problem is reported at once in a `RegulationConfigError`.
 */
export function parseRegulationConfig(input: unknown): RegulationConfig {
  const document = typeof input === 'string' ? parseJson(input) : input;
  const issues: string[] = [];
  const root = object(document, '', CONFIG_KEYS, issues) ?? {};
  const rulesVersion = nonEmptyString(root['rulesVersion'], 'rulesVersion', issues);
  const deadlines = root['deadlines'] === undefined ? {} : deadlineRules(root['deadlines'], 'deadlines', issues);
  const workingDays =
    root['workingDays'] === undefined ? undefined : workingDayCalendar(root['workingDays'], 'workingDays', issues);
  const dayRates = root['dayRates'] === undefined ? {} : rates(root['dayRates'], 'dayRates', issues);
  const overrides =
    root['municipalityOverrides'] === undefined
      ? {}
      : municipalityOverrides(root['municipalityOverrides'], 'municipalityOverrides', issues);
  if (issues.length > 0 || rulesVersion === undefined) throw new RegulationConfigError(issues);

  const defaults = DEFAULT_REGULATION_CONFIG;
  return {
    rulesVersion,
    deadlines: withOverrides(defaults.deadlines, deadlines),
    workingDays: workingDays ?? defaults.workingDays,
    dayRates: { ...defaults.dayRates, ...dayRates },
    municipalityOverrides: { ...defaults.municipalityOverrides, ...overrides },
  };
}

function withOverrides(base: DeadlineRules, overrides: Partial<DeadlineRules>): DeadlineRules {
  const given = Object.entries(overrides).filter(([, rule]) => rule !== undefined);
  return { ...base, ...Object.fromEntries(given) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RegulationConfigError([`(root): not valid JSON (${(error as Error).message})`]);
  }
}

function object(
  value: unknown,
  path: string,
  allowedKeys: readonly string[] | undefined,
  issues: string[],
): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push(`${path || '(root)'}: must be an object`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (allowedKeys && !allowedKeys.includes(key)) {
      issues.push(`${path ? `${path}.` : ''}${key}: unknown field (expected one of ${allowedKeys.join(', ')})`);
    }
  }
  return value as Record<string, unknown>;
}

function nonEmptyString(value: unknown, path: string, issues: string[]): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  issues.push(`${path}: required, a non-empty string`);
  return undefined;
}

function deadlineRules(value: unknown, path: string, issues: string[]): Partial<DeadlineRules> {
  const fields = object(value, path, RULE_KEYS, issues);
  if (!fields) return {};
  const rule = <U extends RuleUnit>(key: string, units: readonly U[]) =>
    fields[key] === undefined ? undefined : deadlineRule(fields[key], `${path}.${key}`, units, issues);
  const rules: Partial<Record<keyof DeadlineRules, DeadlineRule | null | undefined>> = {
    admissionNotice: rule('admissionNotice', RULE_UNITS),
    readinessNotice: rule('readinessNotice', RULE_UNITS),
    municipalResponse: rule('municipalResponse', RULE_UNITS),
    expectedReady: rule('expectedReady', DAY_UNITS),
    visit: fields['visit'] === null ? null : rule('visit', RULE_UNITS),
  };
  return Object.fromEntries(Object.entries(rules).filter(([, r]) => r !== undefined)) as Partial<DeadlineRules>;
}

function deadlineRule<U extends RuleUnit>(
  value: unknown,
  path: string,
  units: readonly U[],
  issues: string[],
): Extract<DeadlineRule, { unit: U }> | undefined {
  const fields = object(value, path, ['unit', 'amount'], issues);
  if (!fields) return undefined;
  const { unit, amount } = fields;
  if (!units.some((allowed) => allowed === unit)) {
    issues.push(`${path}.unit: must be one of ${units.join(', ')}`);
    return undefined;
  }
  const minimum = unit === 'hours' ? 1 : 0;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < minimum) {
    issues.push(`${path}.amount: must be an integer ≥ ${minimum}`);
    return undefined;
  }
  return { unit, amount } as Extract<DeadlineRule, { unit: U }>;
}

function workingDayCalendar(value: unknown, path: string, issues: string[]): WorkingDayCalendar | undefined {
  const fields = object(value, path, ['excludeNorwegianPublicHolidays'], issues);
  if (!fields) return undefined;
  const exclude = fields['excludeNorwegianPublicHolidays'];
  if (typeof exclude !== 'boolean') {
    issues.push(`${path}.excludeNorwegianPublicHolidays: required, true or false`);
    return undefined;
  }
  return { excludeNorwegianPublicHolidays: exclude };
}

function rates(value: unknown, path: string, issues: string[]): Record<string, number> {
  const fields = object(value, path, undefined, issues) ?? {};
  const valid: Record<string, number> = {};
  for (const [year, rate] of Object.entries(fields)) {
    if (!FOUR_DIGITS.test(year)) issues.push(`${path}.${year}: the key must be a year (YYYY)`);
    else if (typeof rate !== 'number' || !Number.isInteger(rate) || rate <= 0)
      issues.push(`${path}.${year}: must be a positive whole number of NOK per day`);
    else valid[year] = rate;
  }
  return valid;
}

function municipalityOverrides(
  value: unknown,
  path: string,
  issues: string[],
): Record<string, Partial<DeadlineRules>> {
  const fields = object(value, path, undefined, issues) ?? {};
  const valid: Record<string, Partial<DeadlineRules>> = {};
  for (const [code, rules] of Object.entries(fields)) {
    if (!FOUR_DIGITS.test(code)) issues.push(`${path}.${code}: the key must be a municipality code (4 digits)`);
    else valid[code] = deadlineRules(rules, `${path}.${code}`, issues);
  }
  return valid;
}
