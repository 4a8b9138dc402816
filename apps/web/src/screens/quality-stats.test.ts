import { describe, expect, it } from 'vitest';
import type { AllocationAssessment } from '../api/types';
import { appealRates, levelsBy, matchesDrill, missingConditionCounts } from './quality-stats';

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
});
