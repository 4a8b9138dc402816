import type pg from 'pg';
import { caseScopeFilter } from '#libs/auth/case-scope.js';
import type { Principal } from '#libs/auth/principal.js';
import type { LiabilityStatus } from '#libs/domain/regulation/liability.js';
import { monthParts } from '#libs/domain/regulation/liability.js';
import { addCalendarDays, daysBetween, osloDateOf, startOfOsloDay } from '#libs/domain/regulation/oslo-calendar.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { isLocalDate } from '#libs/domain/transfer-case/time.js';
import { scopeConditions } from '../read-models/read-models.js';

export interface WorkQueueFilter {
  readonly status?: string;
  readonly municipalityCode?: string;
  readonly hospitalOrgNumber?: string;
  readonly readyBefore?: string;
}

/** Where the previous page ended in the queue's order: (next deadline, nulls last; case id). */
export interface QueueCursor {
  readonly dueAt: string | null;
  readonly caseId: string;
}

export interface WorkQueueItem {
  readonly caseId: string;
  readonly status: string;
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
  readonly admittedAt: string;
  readonly readySince: string | null;
  /** Europe/Oslo calendar days from the day of readySince to today; null when not ready. */
  readonly daysWaiting: number | null;
  readonly nextDeadline: { kind: string; dueAt: string } | null;
  readonly latestDecision: { decisionId: string; serviceType: string; decidedAt: string } | null;
  readonly participation: { level: string; ladderStep: string } | null;
  /** The liable period still running, counted up to and including today (regulation.md). */
  readonly liability: { from: string; status: LiabilityStatus; days: number; amount: number; rateMissingDays: number } | null;
  readonly revision: number;
  readonly position: string | null;
  /** Marked failing somewhere (`read_models.failing_cases`): the row shows the last state that could be projected. */
  readonly failing: boolean;
}

/** What `GET /cases/{caseId}` adds to the case's view so that it is a CaseSummary, as the work queue shows it. */
export type CaseSummaryFields = Pick<WorkQueueItem, 'daysWaiting' | 'nextDeadline' | 'participation' | 'liability'>;

export const encodeQueueCursor = (cursor: QueueCursor): string =>
  Buffer.from(JSON.stringify([cursor.dueAt, cursor.caseId])).toString('base64url');

export const decodeQueueCursor = (text: string): QueueCursor | null => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [dueAt, caseId] = value as unknown[];
    if (typeof caseId !== 'string' || (dueAt !== null && (typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt))))) return null;
    return { dueAt: dueAt as string | null, caseId };
  } catch {
    return null;
  }
};

/** A `read_models.case_summaries` row as `SUMMARY_COLUMNS` selects it. */
export interface CaseSummaryRow {
  case_id: string;
  status: string;
  municipality_code: string;
  hospital_org_number: string;
  admitted_at: Date;
  ready_since: Date | null;
  next_deadline_kind: string | null;
  next_deadline_due_at: Date | null;
  latest_decision_id: string | null;
  latest_decision_service_type: string | null;
  latest_decision_at: Date | null;
  participation_level: string | null;
  participation_ladder_step: string | null;
  liability_from: string | null;
  liability_status: LiabilityStatus | null;
  revision: number;
  last_position: string | null;
}

export const SUMMARY_COLUMNS = `s.case_id, s.status, s.municipality_code, s.hospital_org_number, s.admitted_at, s.ready_since,
  s.next_deadline_kind, s.next_deadline_due_at, s.latest_decision_id, s.latest_decision_service_type, s.latest_decision_at,
  s.participation_level, s.participation_ladder_step, s.liability_from::text AS liability_from, s.liability_status,
  s.revision, s.last_position`;

const iso = (date: Date | null): string | null => date && date.toISOString();

/** A case summary as the work queue and `GET /cases/{caseId}` answer it: days and amounts counted up to `today`. */
export const summaryItem = (
  row: CaseSummaryRow,
  today: string,
  regulation: RegulationConfig,
  failing: boolean,
): WorkQueueItem => {
  const readySince = iso(row.ready_since);
  return {
    caseId: row.case_id,
    status: row.status,
    municipalityCode: row.municipality_code,
    hospitalOrgNumber: row.hospital_org_number,
    admittedAt: row.admitted_at.toISOString(),
    readySince,
    daysWaiting: daysWaiting(readySince, today),
    nextDeadline:
      row.next_deadline_kind && row.next_deadline_due_at
        ? { kind: row.next_deadline_kind, dueAt: row.next_deadline_due_at.toISOString() }
        : null,
    latestDecision:
      row.latest_decision_id && row.latest_decision_service_type && row.latest_decision_at
        ? {
            decisionId: row.latest_decision_id,
            serviceType: row.latest_decision_service_type,
            decidedAt: row.latest_decision_at.toISOString(),
          }
        : null,
    participation:
      row.participation_level && row.participation_ladder_step
        ? { level: row.participation_level, ladderStep: row.participation_ladder_step }
        : null,
    liability:
      row.liability_from && row.liability_status ? runningLiability(row.liability_from, row.liability_status, today, regulation) : null,
    revision: row.revision,
    position: row.last_position,
    failing,
  };
};

/** One page of the work queue over `read_models.case_summaries`, in the caller's scope, as of `today`. */
export const workQueuePage = async (
  db: pg.Pool,
  principal: Principal,
  filter: WorkQueueFilter,
  page: { readonly limit: number; readonly after: QueueCursor | undefined },
  today: string,
  regulation: RegulationConfig,
): Promise<{ items: WorkQueueItem[]; next: QueueCursor | null }> => {
  const { limit, after } = page;
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  // Scope first (api.md, Identity): staff see their hospital's cases, officers their municipality's.
  const where = scopeConditions(caseScopeFilter(principal), param);
  const add = (condition: (placeholder: string) => string, value: unknown): void => void where.push(condition(param(value)));
  // `open`: every status a case can still move on from (the queue's default view).
  if (filter.status === 'open') add((p) => `status = ANY(${p}::text[])`, ['notified', 'awaiting_decision', 'decided']);
  else if (filter.status !== undefined) add((p) => `status = ${p}`, filter.status);
  if (filter.municipalityCode !== undefined) add((p) => `municipality_code = ${p}`, filter.municipalityCode);
  if (filter.hospitalOrgNumber !== undefined) add((p) => `hospital_org_number = ${p}`, filter.hospitalOrgNumber);
  if (filter.readyBefore !== undefined) {
    const before = isLocalDate(filter.readyBefore) ? startOfOsloDay(filter.readyBefore) : filter.readyBefore;
    add((p) => `ready_since < ${p}::timestamptz`, before);
  }
  if (after) {
    const caseId = param(after.caseId);
    if (after.dueAt === null) where.push(`(next_deadline_due_at IS NULL AND case_id > ${caseId})`);
    else {
      const dueAt = `${param(after.dueAt)}::timestamptz`;
      where.push(
        `(next_deadline_due_at > ${dueAt} OR (next_deadline_due_at = ${dueAt} AND case_id > ${caseId}) OR next_deadline_due_at IS NULL)`,
      );
    }
  }
  const limitParam = param(limit + 1);
  const { rows } = await db.query<CaseSummaryRow & { failing: boolean }>(
    `SELECT ${SUMMARY_COLUMNS},
            EXISTS (
              SELECT 1 FROM read_models.failing_cases f LEFT JOIN read_models.projections p ON p.name = f.component
              WHERE f.case_id = s.case_id AND f.generation = coalesce(p.live_generation, 0)
            ) AS failing
     FROM read_models.case_summaries s
     WHERE ${where.join(' AND ')}
     ORDER BY next_deadline_due_at ASC NULLS LAST, case_id
     LIMIT ${limitParam}`,
    values,
  );
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => summaryItem(row, today, regulation, row.failing)),
    next: rows.length > limit && last ? { dueAt: iso(last.next_deadline_due_at), caseId: last.case_id } : null,
  };
};

/** Europe/Oslo calendar days from the day of readiness to `today` (null when not ready). */
export const daysWaiting = (readySince: string | null, today: string): number | null =>
  readySince === null ? null : Math.max(0, daysBetween(osloDateOf(readySince), today));

/** A running liable period's days up to and including `today`, priced by year (regulation.md). */
export const runningLiability = (
  from: string,
  status: LiabilityStatus,
  today: string,
  regulation: RegulationConfig,
): NonNullable<WorkQueueItem['liability']> => {
  const parts = from <= today ? monthParts(from, addCalendarDays(today, 1), regulation) : [];
  return {
    from,
    status,
    days: parts.reduce((sum, part) => sum + part.days, 0),
    amount: parts.reduce((sum, part) => sum + part.amount, 0),
    rateMissingDays: parts.reduce((sum, part) => sum + part.rateMissingDays, 0),
  };
};
