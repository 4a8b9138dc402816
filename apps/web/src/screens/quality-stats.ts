import type { AllocationAssessment } from '../api/types';

export type GroupBy = 'month' | 'hospital' | 'municipality';

export interface LevelRow {
  readonly group: string;
  readonly decisions: number;
  readonly deltakelse: number;
  readonly innflytelse: number;
  readonly shareInnflytelse: number;
}

/** The Oslo month of an instant, `YYYY-MM`. */
export const osloMonth = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit' }).format(new Date(instant)).slice(0, 7);

export const groupKey = (assessment: AllocationAssessment, by: GroupBy): string =>
  by === 'month' ? osloMonth(assessment.decidedAt) : by === 'hospital' ? assessment.hospitalOrgNumber : assessment.municipalityCode;

/** Share of deltakelse vs innflytelse per group, groups in order. */
export const levelsBy = (assessments: readonly AllocationAssessment[], by: GroupBy): LevelRow[] => {
  const groups = new Map<string, { deltakelse: number; innflytelse: number }>();
  for (const assessment of assessments) {
    const key = groupKey(assessment, by);
    const counts = groups.get(key) ?? { deltakelse: 0, innflytelse: 0 };
    counts[assessment.level] += 1;
    groups.set(key, counts);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, counts]) => {
      const decisions = counts.deltakelse + counts.innflytelse;
      return { group, decisions, ...counts, shareInnflytelse: decisions ? counts.innflytelse / decisions : 0 };
    });
};

/** Per month of `months`, in that order; a month without decisions is there with `decisions: 0` (a gap, not a 0 %). */
export const levelsByMonth = (assessments: readonly AllocationAssessment[], months: readonly string[]): LevelRow[] => {
  const found = new Map(levelsBy(assessments, 'month').map((row) => [row.group, row]));
  return months.map((month) => found.get(month) ?? { group: month, decisions: 0, deltakelse: 0, innflytelse: 0, shareInnflytelse: 0 });
};

export const countBy = <K extends string>(items: readonly K[], order: readonly K[]): { key: K; count: number; share: number }[] =>
  order.map((key) => {
    const count = items.filter((item) => item === key).length;
    return { key, count, share: items.length ? count / items.length : 0 };
  });

/** How often each precondition for real influence was missing, over all decisions. */
export const missingConditionCounts = (assessments: readonly AllocationAssessment[], conditions: readonly string[]) =>
  countBy(assessments.flatMap((assessment) => assessment.missingConditions) as string[], conditions).map((row) => ({
    ...row,
    share: assessments.length ? row.count / assessments.length : 0,
  }));

/** Appeal rate per level. */
export const appealRates = (assessments: readonly AllocationAssessment[]) =>
  (['deltakelse', 'innflytelse'] as const).map((level) => {
    const ofLevel = assessments.filter((assessment) => assessment.level === level);
    const appealed = ofLevel.filter((assessment) => assessment.appealed).length;
    return { level, decisions: ofLevel.length, appealed, rate: ofLevel.length ? appealed / ofLevel.length : 0 };
  });

export interface Drill {
  readonly by: GroupBy | 'ladderStep' | 'missing' | 'level';
  readonly value: string;
}

export const matchesDrill = (assessment: AllocationAssessment, drill: Drill): boolean => {
  switch (drill.by) {
    case 'ladderStep':
      return assessment.ladderStep === drill.value;
    case 'missing':
      return (assessment.missingConditions as string[]).includes(drill.value);
    case 'level':
      return assessment.level === drill.value;
    default:
      return groupKey(assessment, drill.by) === drill.value;
  }
};

/** The decisions of a drill-down, newest first (ties by case and decision, so the order is stable). */
export const drilled = (assessments: readonly AllocationAssessment[], drill: Drill): AllocationAssessment[] =>
  assessments
    .filter((assessment) => matchesDrill(assessment, drill))
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || a.caseId.localeCompare(b.caseId) || a.decisionId.localeCompare(b.decisionId));

/** A decision's key: decision ids are unique within their case only. */
export const decisionKey = (assessment: Pick<AllocationAssessment, 'caseId' | 'decisionId'>): string =>
  `${assessment.caseId}/${assessment.decisionId}`;

export interface LiabilityMonthRow {
  readonly month: string;
  /** Null: no liability recorded for the month (a gap in the chart, not a zero). */
  readonly owed: number | null;
  readonly owedDays: number;
  readonly disputed: number;
  readonly rateMissingDays: number;
}

/** The liability items summed per month of `months` (over the municipalities in scope). */
export const liabilityByMonth = (
  items: readonly { month: string; owedAmount: number; owedDays: number; disputedAmount: number; rateMissingDays: number }[],
  months: readonly string[],
): LiabilityMonthRow[] =>
  months.map((month) => {
    const of = items.filter((item) => item.month === month);
    if (of.length === 0) return { month, owed: null, owedDays: 0, disputed: 0, rateMissingDays: 0 };
    return {
      month,
      owed: of.reduce((sum, item) => sum + item.owedAmount, 0),
      owedDays: of.reduce((sum, item) => sum + item.owedDays, 0),
      disputed: of.reduce((sum, item) => sum + item.disputedAmount, 0),
      rateMissingDays: of.reduce((sum, item) => sum + item.rateMissingDays, 0),
    };
  });
