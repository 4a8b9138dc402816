import { describe, expect, it } from 'vitest';
import type { AllocationAssessment } from '../api/types';
import { appealRates, decisionKey, drilled, levelsBy, levelsByMonth, liabilityByMonth, matchesDrill, missingConditionCounts } from './quality-stats';
import { assessmentsCsv } from './quality-csv';

const assessment = (overrides: Partial<AllocationAssessment>): AllocationAssessment =>
  ({
    caseId: 'c',
    decisionId: 'd',
    decidedAt: '2026-01-31T23:30:00Z',
    municipalityCode: '5001',
    hospitalOrgNumber: '974749025',
    level: 'deltakelse',
    ladderStep: 'brukerperspektiv',
    missingConditions: [],
    appealed: false,
    ...overrides,
  }) as AllocationAssessment;

const data = [
  assessment({ level: 'innflytelse', ladderStep: 'brukerinnflytelse' }),
  assessment({ decidedAt: '2026-01-10T10:00:00Z', missingConditions: ['alternativesPresented', 'preferenceRecorded'], appealed: true }),
  assessment({ municipalityCode: '3301', decidedAt: '2026-02-10T10:00:00Z', missingConditions: ['alternativesPresented'] }),
];

describe('participation statistics', () => {
  it('groups by Oslo month: 23:30 UTC on 31 January is February in Oslo', () => {
    expect(levelsBy(data, 'month')).toEqual([
      { group: '2026-01', decisions: 1, deltakelse: 1, innflytelse: 0, shareInnflytelse: 0 },
      { group: '2026-02', decisions: 2, deltakelse: 1, innflytelse: 1, shareInnflytelse: 0.5 },
    ]);
  });

  it('groups by municipality and counts missing preconditions and appeals per level', () => {
    expect(levelsBy(data, 'municipality').map((row) => [row.group, row.decisions])).toEqual([['3301', 1], ['5001', 2]]);
    const missing = missingConditionCounts(data, ['alternativesPresented', 'preferenceRecorded']);
    expect(missing.map((row) => row.count)).toEqual([2, 1]);
    expect(appealRates(data)).toEqual([
      { level: 'deltakelse', decisions: 2, appealed: 1, rate: 0.5 },
      { level: 'innflytelse', decisions: 1, appealed: 0, rate: 0 },
    ]);
  });

  it('drills down to the decisions behind a bar', () => {
    expect(data.filter((item) => matchesDrill(item, { by: 'month', value: '2026-02' }))).toHaveLength(2);
    expect(data.filter((item) => matchesDrill(item, { by: 'missing', value: 'preferenceRecorded' }))).toHaveLength(1);
    expect(data.filter((item) => matchesDrill(item, { by: 'ladderStep', value: 'brukerinnflytelse' }))).toHaveLength(1);
  });

  it('lists a drill-down newest first, keyed by case and decision (decision ids repeat across cases)', () => {
    const rows = drilled(
      [assessment({ caseId: 'a', decisionId: 'd1', decidedAt: '2026-01-01T10:00:00Z' }), assessment({ caseId: 'b', decisionId: 'd1', decidedAt: '2026-03-01T10:00:00Z' })],
      { by: 'level', value: 'deltakelse' },
    );
    expect(rows.map(decisionKey)).toEqual(['b/d1', 'a/d1']);
  });

  it('keeps months without decisions or liability as gaps, not zeros', () => {
    expect(levelsByMonth(data, ['2025-12', '2026-01']).map((row) => [row.group, row.decisions])).toEqual([['2025-12', 0], ['2026-01', 1]]);
    const item = { municipalityCode: '5001', month: '2026-01', owedAmount: 1000, owedDays: 2, disputedAmount: 0, rateMissingDays: 1 };
    expect(liabilityByMonth([item, { ...item, municipalityCode: '3301' }], ['2025-12', '2026-01'])).toEqual([
      { month: '2025-12', owed: null, owedDays: 0, disputed: 0, rateMissingDays: 0 },
      { month: '2026-01', owed: 2000, owedDays: 4, disputed: 0, rateMissingDays: 2 },
    ]);
  });
});

describe('the decisions as CSV', () => {
  it('has Norwegian headers and names, Oslo dates and Ja/Nei', () => {
    const csv = assessmentsCsv([assessment({ serviceType: 'home_care', appealed: true, missingConditions: ['alternativesPresented'], patientPseudonym: 'p-1', ruleVersion: 1 } as never)]);
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header!.split(';').slice(0, 3)).toEqual(['Vedtaksdato', 'Sykehus', 'Kommune']);
    expect(row!.split(';').slice(0, 8)).toEqual(['01.02.2026', 'St. Olavs hospital', 'Trondheim', 'Oppfølging i hjemmet', 'Deltakelse', 'Brukerperspektiv', 'Reelle alternativer lagt fram', 'Ja']);
  });
});

