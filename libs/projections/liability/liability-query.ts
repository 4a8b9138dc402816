import type pg from 'pg';
import type { DisputeReason, LiabilityStatus } from '#libs/domain/regulation/liability.js';
import { startOfNextMonth } from '#libs/domain/regulation/oslo-calendar.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import {
  accruedLiability,
  liabilityReport,
  type AccruedLiability,
  type LiabilityReportItem,
  type StoredLiabilityPeriod,
} from './liability-as-of.js';
import { LIABILITY_PERIODS } from './liability.projection.js';

export interface LiabilityFilter {
  readonly municipalityCode?: string;
  /** `YYYY-MM`: only the liable days of that month. */
  readonly month?: string;
}

interface PeriodRow {
  case_id: string;
  declaration_revision: number;
  municipality_code: string;
  from_date: string;
  to_date: string | null;
  status: LiabilityStatus;
  dispute_reasons: DisputeReason[];
}

const SELECT = `SELECT case_id, declaration_revision, municipality_code, from_date::text AS from_date,
  to_date::text AS to_date, status, dispute_reasons FROM read_models.${LIABILITY_PERIODS}`;

const stored = (row: PeriodRow): StoredLiabilityPeriod => ({
  caseId: row.case_id,
  declarationRevision: row.declaration_revision,
  municipalityCode: row.municipality_code,
  from: row.from_date,
  to: row.to_date,
  status: row.status,
  disputeReasons: row.dispute_reasons,
});

/** `GET /liability`: the periods that reach the month (or all of them), completed to the Oslo date of `now`. */
export const queryLiability = async (
  db: pg.Pool | pg.ClientBase,
  config: RegulationConfig,
  now: Date,
  filter: LiabilityFilter,
): Promise<LiabilityReportItem[]> => {
  const monthStart = filter.month === undefined ? null : `${filter.month}-01`;
  const { rows } = await db.query<PeriodRow>(
    `${SELECT}
     WHERE ($1::text IS NULL OR municipality_code = $1)
       AND ($2::date IS NULL OR (from_date < $3::date AND (to_date IS NULL OR to_date > $2::date)))
     ORDER BY case_id, declaration_revision`,
    [filter.municipalityCode ?? null, monthStart, monthStart && startOfNextMonth(monthStart)],
  );
  return liabilityReport(rows.map(stored), config, now.toISOString(), filter.month);
};

/** For the work queue: what each of these cases owes so far as of `now`; a case with no liable days is absent. */
export const accruedLiabilityOfCases = async (
  db: pg.Pool | pg.ClientBase,
  config: RegulationConfig,
  now: Date,
  caseIds: readonly string[],
): Promise<Map<string, AccruedLiability>> => {
  const { rows } = await db.query<PeriodRow>(`${SELECT} WHERE case_id = ANY($1::text[]) ORDER BY case_id, declaration_revision`, [
    caseIds,
  ]);
  const byCase = new Map<string, StoredLiabilityPeriod[]>();
  for (const row of rows) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), stored(row)]);
  const accrued = new Map<string, AccruedLiability>();
  for (const [caseId, periods] of byCase) {
    const liability = accruedLiability(periods, config, now.toISOString());
    if (liability.days > 0) accrued.set(caseId, liability);
  }
  return accrued;
};
