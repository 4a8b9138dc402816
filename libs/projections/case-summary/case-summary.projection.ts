import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseProjection, ProjectedRow, ReadModelTable } from '../runtime/case-projection.js';
import { summarizeCase, type CaseSummary } from './case-summary.js';

export const CASE_SUMMARIES = 'case_summaries';

export const CASE_SUMMARY_COLUMNS = [
  'case_id',
  'status',
  'municipality_code',
  'hospital_org_number',
  'admitted_at',
  'ready_since',
  'next_deadline_kind',
  'next_deadline_due_at',
  'latest_decision_id',
  'latest_decision_service_type',
  'latest_decision_at',
  'participation_level',
  'participation_ladder_step',
  'liability_from',
  'liability_status',
  'revision',
  'last_position',
] as const;

const row = (s: CaseSummary): ProjectedRow => [
  s.caseId,
  s.status,
  s.municipalityCode,
  s.hospitalOrgNumber,
  s.admittedAt,
  s.readySince,
  s.nextDeadline?.kind ?? null,
  s.nextDeadline?.dueAt ?? null,
  s.latestDecision?.decisionId ?? null,
  s.latestDecision?.serviceType ?? null,
  s.latestDecision?.decidedAt ?? null,
  s.participation?.level ?? null,
  s.participation?.ladderStep ?? null,
  s.openLiability?.from ?? null,
  s.openLiability?.status ?? null,
  s.revision,
  s.position,
];

/** Every index serves the work queue's one order, (next deadline, nulls last; case id), within a scope. */
const table: ReadModelTable = {
  name: CASE_SUMMARIES,
  columns: CASE_SUMMARY_COLUMNS,
  ddl: (name, prefix) => [
    `CREATE TABLE ${name} (
      case_id text PRIMARY KEY,
      status text NOT NULL,
      municipality_code text NOT NULL,
      hospital_org_number text NOT NULL,
      admitted_at timestamptz NOT NULL,
      ready_since timestamptz,
      next_deadline_kind text,
      next_deadline_due_at timestamptz,
      latest_decision_id text,
      latest_decision_service_type text,
      latest_decision_at timestamptz,
      participation_level text,
      participation_ladder_step text,
      liability_from date,
      liability_status text,
      revision integer NOT NULL,
      last_position text
    )`,
  ],
  queryIndexes: (name, prefix) => [
    `CREATE INDEX IF NOT EXISTS ${prefix}_queue ON ${name} (next_deadline_due_at, case_id)`,
    `CREATE INDEX IF NOT EXISTS ${prefix}_municipality ON ${name} (municipality_code, next_deadline_due_at, case_id)`,
    `CREATE INDEX IF NOT EXISTS ${prefix}_hospital ON ${name} (hospital_org_number, next_deadline_due_at, case_id)`,
  ],
};

/**
 * Bump when the table or `summarizeCase` changes: the runtime rebuilds the summaries.
 * 2: the legal clock reads events in the order they happened, and participation rules version 2.
 */
const VERSION = 2;

/** `CaseSummary`: one row per case, for the work queue (`GET /cases`) and `GET /cases/{caseId}`. */
export const caseSummaryProjection = (regulation: RegulationConfig): CaseProjection => ({
  name: 'case_summary',
  version: VERSION,
  tables: [table],
  project: (history) => {
    const summary = summarizeCase(history, regulation);
    return { [CASE_SUMMARIES]: summary ? [row(summary)] : [] };
  },
});
