import {
  DEFAULT_REGULATION_CONFIG,
  RegulationConfigError,
  dayRate,
  effectiveRules,
  parseRegulationConfig,
} from './regulation-config.js';

function issuesOf(input: unknown): readonly string[] {
  try {
    parseRegulationConfig(input);
  } catch (error) {
    if (error instanceof RegulationConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('the default rules', () => {
  it('are the regulation’s: 24 hours, the same day, the same day, the expected date, no visit deadline', () => {
    expect(DEFAULT_REGULATION_CONFIG.deadlines).toEqual({
      admissionNotice: { unit: 'hours', amount: 24 },
      readinessNotice: { unit: 'calendar_days', amount: 0 },
      municipalResponse: { unit: 'calendar_days', amount: 0 },
      expectedReady: { unit: 'calendar_days', amount: 0 },
      visit: null,
    });
  });

  it('carry the published day rates 2012 and 2014–2024 and nothing later', () => {
    // The ministry's worked example: three days in 2012, NOK 12 000.
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2012)).toBe(4000);
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2014)).toBe(4255);
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2019)).toBe(4885);
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2024)).toBe(5745);
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2013)).toBeNull();
    expect(dayRate(DEFAULT_REGULATION_CONFIG, 2025)).toBeNull();
    expect(Object.keys(DEFAULT_REGULATION_CONFIG.dayRates)).toHaveLength(12);
  });
});

describe('parseRegulationConfig', () => {
  it('keeps every default not given', () => {
    expect(parseRegulationConfig({ rulesVersion: 'v2' })).toEqual({ ...DEFAULT_REGULATION_CONFIG, rulesVersion: 'v2' });
  });

  it('reads a JSON string, adds a year’s rate and overrides single deadlines', () => {
    const config = parseRegulationConfig(
      JSON.stringify({
        rulesVersion: 'national-2025',
        deadlines: { visit: { unit: 'working_days', amount: 2 } },
        workingDays: { excludeNorwegianPublicHolidays: false },
        dayRates: { '2025': 5900 },
        municipalityOverrides: {
          '4601': { municipalResponse: { unit: 'calendar_days', amount: 1 } },
          '3301': { visit: null },
        },
      }),
    );
    expect(config.rulesVersion).toBe('national-2025');
    expect(config.deadlines.visit).toEqual({ unit: 'working_days', amount: 2 });
    expect(config.deadlines.admissionNotice).toEqual({ unit: 'hours', amount: 24 });
    expect(config.workingDays).toEqual({ excludeNorwegianPublicHolidays: false });
    expect(dayRate(config, 2024)).toBe(5745);
    expect(dayRate(config, 2025)).toBe(5900);
    expect(config.municipalityOverrides).toEqual({
      '4601': { municipalResponse: { unit: 'calendar_days', amount: 1 } },
      '3301': { visit: null },
    });
  });

  it('requires a rules version', () => {
    expect(issuesOf({})).toEqual(['rulesVersion: required, a non-empty string']);
    expect(issuesOf({ rulesVersion: ' ' })).toEqual(['rulesVersion: required, a non-empty string']);
  });

  it('reports every problem at once, with its path (in the document’s key order)', () => {
    const issues = issuesOf({
      rulesVersion: 'v3',
      deadline: {},
      deadlines: {
        admissionNotice: { unit: 'minutes', amount: 30 },
        readinessNotice: { unit: 'hours', amount: 0 },
        municipalResponse: { unit: 'calendar_days', amount: -1 },
        expectedReady: { unit: 'hours', amount: 12 },
        visit: { unit: 'working_days', amount: 1.5 },
        municipalResponce: { unit: 'calendar_days', amount: 1 },
      },
      workingDays: { excludeNorwegianPublicHolidays: 'yes' },
      dayRates: { '2025': 5900.5, '25': 5900, '2026': -1 },
      municipalityOverrides: { Oslo: {}, '4601': { visit: 'off' } },
    });
    expect(issues).toEqual([
      'deadline: unknown field (expected one of rulesVersion, deadlines, workingDays, dayRates, municipalityOverrides)',
      'deadlines.municipalResponce: unknown field ' +
        '(expected one of admissionNotice, readinessNotice, municipalResponse, expectedReady, visit)',
      'deadlines.admissionNotice.unit: must be one of hours, calendar_days, working_days',
      'deadlines.readinessNotice.amount: must be an integer ≥ 1',
      'deadlines.municipalResponse.amount: must be an integer ≥ 0',
      'deadlines.expectedReady.unit: must be one of calendar_days, working_days',
      'deadlines.visit.amount: must be an integer ≥ 0',
      'workingDays.excludeNorwegianPublicHolidays: required, true or false',
      'dayRates.25: the key must be a year (YYYY)',
      'dayRates.2025: must be a positive whole number of NOK per day',
      'dayRates.2026: must be a positive whole number of NOK per day',
      'municipalityOverrides.4601.visit: must be an object',
      'municipalityOverrides.Oslo: the key must be a municipality code (4 digits)',
    ]);
  });

  it('refuses what is not a JSON object', () => {
    expect(issuesOf('{ "rulesVersion": ')[0]).toMatch(/^\(root\): not valid JSON/);
    expect(issuesOf([])).toEqual(['(root): must be an object', 'rulesVersion: required, a non-empty string']);
    expect(issuesOf({ rulesVersion: 'v', deadlines: { visit: { unit: 'hours', amount: 4, extra: 1 } } })).toEqual([
      'deadlines.visit.extra: unknown field (expected one of unit, amount)',
    ]);
  });

  it('says what is wrong in the error message itself', () => {
    expect(() => parseRegulationConfig({ rulesVersion: 'v', dayRates: { '2025': 0 } })).toThrow(
      'Invalid regulation config:\n- dayRates.2025: must be a positive whole number of NOK per day',
    );
  });
});

describe('effectiveRules', () => {
  const config = parseRegulationConfig({
    rulesVersion: 'v4',
    deadlines: { visit: { unit: 'working_days', amount: 2 } },
    municipalityOverrides: {
      '4601': { municipalResponse: { unit: 'calendar_days', amount: 1 }, visit: null },
    },
  });

  it('uses the defaults for a municipality without an agreement', () => {
    expect(effectiveRules(config, '0301')).toEqual({
      rulesVersion: 'v4',
      municipalityCode: '0301',
      deadlines: config.deadlines,
      workingDays: config.workingDays,
    });
  });

  it('replaces only the deadlines a municipality’s agreement sets, and can switch one off', () => {
    const rules = effectiveRules(config, '4601');
    expect(rules.deadlines).toEqual({
      ...config.deadlines,
      municipalResponse: { unit: 'calendar_days', amount: 1 },
      visit: null,
    });
  });

  it('ignores an override left undefined in a config built in code', () => {
    const inCode = { ...config, municipalityOverrides: { '0301': { visit: undefined } } };
    expect(effectiveRules(inCode, '0301').deadlines.visit).toEqual({ unit: 'working_days', amount: 2 });
  });
});
