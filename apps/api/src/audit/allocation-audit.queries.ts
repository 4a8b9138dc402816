import type pg from 'pg';
import {
  LADDER_STEPS,
  LEVELS,
  type AllocationAssessment,
  type LadderStep,
  type Level,
} from '#libs/domain/participation/allocation-assessment.js';
import { ALLOCATION_ASSESSMENTS } from '#libs/projections/participation/allocation-assessment.projection.js';
import type { AllocationCursor, AuditFilter } from './audit-filter.js';
import type { GroupBy } from './audit-query.dto.js';
import { scopeConditions } from '../read-models/read-models.js';

const TABLE = `read_models.${ALLOCATION_ASSESSMENTS}`;

interface Where {
  readonly sql: string;
  readonly values: unknown[];
}

const whereOf = (filter: AuditFilter, after?: AllocationCursor): Where => {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const clauses = scopeConditions(filter.scope, param);
  const add = (clause: (placeholder: string) => string, value: unknown): void => void clauses.push(clause(param(value)));
  if (filter.municipalityCode !== undefined) add((p) => `municipality_code = ${p}`, filter.municipalityCode);
  if (filter.hospitalOrgNumber !== undefined) add((p) => `hospital_org_number = ${p}`, filter.hospitalOrgNumber);
  if (filter.from !== undefined) add((p) => `decided_at >= ${p}::timestamptz`, filter.from);
  if (filter.toInclusive !== undefined) add((p) => `decided_at <= ${p}::timestamptz`, filter.toInclusive);
  if (filter.toExclusive !== undefined) add((p) => `decided_at < ${p}::timestamptz`, filter.toExclusive);
  if (filter.level !== undefined) add((p) => `level = ${p}`, filter.level);
  if (filter.ladderStep !== undefined) add((p) => `ladder_step = ${p}`, filter.ladderStep);
  if (after !== undefined) {
    clauses.push(`(decided_at, case_id, decision_id) > (${param(after.decidedAt)}::timestamptz, ${param(after.caseId)}, ${param(after.decisionId)})`);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', values };
};

export interface AllocationPage {
  readonly items: AllocationAssessment[];
  /** Where the next page starts; null on the last page. */
  readonly next: AllocationCursor | null;
}

export interface Share {
  readonly count: number;
  readonly share: number;
}

export interface SummaryItem {
  readonly group: string;
  readonly decisions: number;
  readonly levels: Record<Level, Share & { appealRate: number | null }>;
  readonly ladderSteps: Record<LadderStep, Share>;
  /** Decisions with `influenceQuality: full`, as a share of all decisions in the group. */
  readonly fullInfluence: Share;
  /** Over the decisions with a readiness in force; null when none had. */
  readonly medianDaysReadinessToDecision: number | null;
  /** Decisions that say they told the user of the right to appeal, as a share of all; `notStated`: those that do not say. */
  readonly appealInformationGiven: Share & { readonly notStated: number };
}

const GROUP_KEYS: Record<GroupBy, string> = {
  municipality: 'municipality_code',
  hospital: 'hospital_org_number',
  month: `to_char(decided_at AT TIME ZONE 'Europe/Oslo', 'YYYY-MM')`,
};

// The enum values are the domain's constants, never client input, so they may be spelt into the SQL.
const SUMMARY_COLUMNS = [
  'count(*)::int AS decisions',
  ...LEVELS.flatMap((level) => [
    `count(*) FILTER (WHERE level = '${level}')::int AS "level:${level}"`,
    `count(*) FILTER (WHERE level = '${level}' AND appealed)::int AS "appealed:${level}"`,
  ]),
  ...LADDER_STEPS.map((step) => `count(*) FILTER (WHERE ladder_step = '${step}')::int AS "step:${step}"`),
  `count(*) FILTER (WHERE influence_quality = 'full')::int AS full_influence`,
  'count(*) FILTER (WHERE appeal_information_given)::int AS appeal_information_given',
  'count(*) FILTER (WHERE appeal_information_given IS NULL)::int AS appeal_information_not_stated',
  'percentile_cont(0.5) WITHIN GROUP (ORDER BY days_from_readiness_to_decision) AS median_days',
].join(',\n    ');

const share = (count: number, of: number): Share => ({ count, share: of === 0 ? 0 : count / of });

const summaryItem = (row: Record<string, unknown>): SummaryItem => {
  const decisions = row.decisions as number;
  const count = (key: string): number => row[key] as number;
  return {
    group: row.group as string,
    decisions,
    levels: Object.fromEntries(
      LEVELS.map((level) => {
        const atLevel = count(`level:${level}`);
        return [level, { ...share(atLevel, decisions), appealRate: atLevel === 0 ? null : count(`appealed:${level}`) / atLevel }];
      }),
    ) as SummaryItem['levels'],
    ladderSteps: Object.fromEntries(
      LADDER_STEPS.map((step) => [step, share(count(`step:${step}`), decisions)]),
    ) as SummaryItem['ladderSteps'],
    fullInfluence: share(count('full_influence'), decisions),
    medianDaysReadinessToDecision: row.median_days === null ? null : Number(row.median_days),
    appealInformationGiven: {
      ...share(count('appeal_information_given'), decisions),
      notStated: count('appeal_information_not_stated'),
    },
  };
};

/** The audit's reads of the participation projection, all in the keyset order (decided_at, case_id, decision_id). */
export const allocationPage = async (db: pg.Pool, filter: AuditFilter, limit: number, after?: AllocationCursor): Promise<AllocationPage> => {
  const where = whereOf(filter, after);
  const { rows } = await db.query<{ assessment: AllocationAssessment; decided_at: string; case_id: string; decision_id: string }>(
    `SELECT assessment, decided_at::text AS decided_at, case_id, decision_id FROM ${TABLE} ${where.sql}
     ORDER BY decided_at, case_id, decision_id LIMIT ${limit + 1}`,
    where.values,
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => row.assessment),
    next:
      rows.length > limit && last
        ? { decidedAt: last.decided_at, caseId: last.case_id, decisionId: last.decision_id }
        : null,
  };
};

/** Every matching assessment, a page at a time: memory stays flat however many there are. */
export async function* allAllocations(db: pg.Pool, filter: AuditFilter, batchSize: number): AsyncGenerator<AllocationAssessment[]> {
  let after: AllocationCursor | undefined;
  for (;;) {
    const page = await allocationPage(db, filter, batchSize, after);
    if (page.items.length > 0) yield page.items;
    if (page.next === null) return;
    after = page.next;
  }
}

export const allocationSummary = async (db: pg.Pool, filter: AuditFilter, groupBy: GroupBy): Promise<SummaryItem[]> => {
  const where = whereOf(filter);
  const key = GROUP_KEYS[groupBy];
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${key} AS "group",
    ${SUMMARY_COLUMNS}
     FROM ${TABLE} ${where.sql} GROUP BY 1 ORDER BY 1`,
    where.values,
  );
  return rows.map(summaryItem);
};
