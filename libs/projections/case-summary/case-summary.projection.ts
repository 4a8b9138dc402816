import { CaseView } from '#libs/domain/transfer-case/case-view.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { foldCase } from '#libs/domain/transfer-case/state.js';
import { column, defineCaseProjection, type CaseProjection } from '../runtime/case-projection.js';
import { summarizeCase, type CaseSummary } from './case-summary.js';

export const CASE_SUMMARIES = 'case_summaries';
export const CASE_VIEWS = 'case_views';

/** A case's summary and its current state. */
interface Item {
  readonly summary: CaseSummary;
  readonly view: CaseView;
}

const SUMMARY_COLUMNS = {
  case_id: column<Item>('text PRIMARY KEY', ({ summary }) => summary.caseId),
  status: column<Item>('text NOT NULL', ({ summary }) => summary.status),
  municipality_code: column<Item>('text NOT NULL', ({ summary }) => summary.municipalityCode),
  hospital_org_number: column<Item>('text NOT NULL', ({ summary }) => summary.hospitalOrgNumber),
  admitted_at: column<Item>('timestamptz NOT NULL', ({ summary }) => summary.admittedAt),
  ready_since: column<Item>('timestamptz', ({ summary }) => summary.readySince),
  next_deadline_kind: column<Item>('text', ({ summary }) => summary.nextDeadline?.kind ?? null),
  next_deadline_due_at: column<Item>('timestamptz', ({ summary }) => summary.nextDeadline?.dueAt ?? null),
  latest_decision_id: column<Item>('text', ({ summary }) => summary.latestDecision?.decisionId ?? null),
  latest_decision_service_type: column<Item>('text', ({ summary }) => summary.latestDecision?.serviceType ?? null),
  latest_decision_at: column<Item>('timestamptz', ({ summary }) => summary.latestDecision?.decidedAt ?? null),
  participation_level: column<Item>('text', ({ summary }) => summary.participation?.level ?? null),
  participation_ladder_step: column<Item>('text', ({ summary }) => summary.participation?.ladderStep ?? null),
  liability_from: column<Item>('date', ({ summary }) => summary.openLiability?.from ?? null),
  liability_status: column<Item>('text', ({ summary }) => summary.openLiability?.status ?? null),
  revision: column<Item>('integer NOT NULL', ({ summary }) => summary.revision),
  last_position: column<Item>('text', ({ summary }) => summary.position),
};

export const CASE_SUMMARY_COLUMNS = Object.keys(SUMMARY_COLUMNS);

/**
 * Bump when the tables or `summarizeCase` change: the runtime rebuilds the summaries.
 * 2: the legal clock reads events in the order they happened, and participation rules version 2.
 * 3: `case_views`, the state `GET /cases/{caseId}` answers.
 */
const VERSION = 3;

/**
 * `CaseSummary`: one row per case in each table. `case_summaries` serves the work queue (`GET /cases`) and holds no
 * name or national ID; `case_views` holds the case's current state (`CaseView`, patient included) for
 * `GET /cases/{caseId}`, which reads both. Nothing here depends on the clock: days and amounts are counted when read.
 */
export const caseSummaryProjection = (regulation: RegulationConfig): CaseProjection =>
  defineCaseProjection<Item>({
    name: 'case_summary',
    version: VERSION,
    tables: [
      {
        name: CASE_SUMMARIES,
        columns: SUMMARY_COLUMNS,
        // Every index serves the work queue's one order, (next deadline, nulls last; case id), within a scope.
        queryIndexes: (name, prefix) => [
          `CREATE INDEX IF NOT EXISTS ${prefix}_queue ON ${name} (next_deadline_due_at, case_id)`,
          `CREATE INDEX IF NOT EXISTS ${prefix}_municipality ON ${name} (municipality_code, next_deadline_due_at, case_id)`,
          `CREATE INDEX IF NOT EXISTS ${prefix}_hospital ON ${name} (hospital_org_number, next_deadline_due_at, case_id)`,
        ],
      },
      {
        name: CASE_VIEWS,
        columns: {
          case_id: column<Item>('text PRIMARY KEY', ({ summary }) => summary.caseId),
          view: column<Item>('jsonb NOT NULL', ({ view }) => view),
        },
      },
    ],
    items: (history) => {
      const state = foldCase(history);
      const summary = summarizeCase(history, regulation, state);
      const view = CaseView(state);
      return summary && view ? [{ summary, view }] : [];
    },
  });
