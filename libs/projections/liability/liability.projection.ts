import { computeLiability } from '#libs/domain/regulation/liability.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { admissionFacts, projectionVersion } from '../deadlines/deadline.projection.js';
import type { CaseProjection, ReadModelTable } from '../runtime/case-projection.js';

export const LIABILITY_PERIODS = 'liability_periods';

const TABLE_VERSION = 1;

const COLUMNS = [
  'case_id',
  'declaration_revision',
  'municipality_code',
  'hospital_org_number',
  'from_date',
  'to_date',
  'status',
  'dispute_reasons',
  'rules_version',
] as const;

/**
 * One row per liability period (§ 13). A period still running has no `to_date`: its days depend on today, so they are
 * counted when it is read (`liabilityAsOf`), never stored.
 */
const table: ReadModelTable = {
  name: LIABILITY_PERIODS,
  columns: COLUMNS,
  ddl: (name, prefix) => [
    `CREATE TABLE ${name} (
      case_id text NOT NULL,
      declaration_revision integer NOT NULL,
      municipality_code text NOT NULL,
      hospital_org_number text NOT NULL,
      from_date date NOT NULL,
      to_date date,
      status text NOT NULL CHECK (status IN ('owed', 'disputed')),
      dispute_reasons text[] NOT NULL,
      rules_version text NOT NULL,
      PRIMARY KEY (case_id, declaration_revision)
    )`,
  ],
  queryIndexes: (name, prefix) => [
    `CREATE INDEX IF NOT EXISTS ${prefix}_municipality ON ${name} (municipality_code, from_date)`,
    `CREATE INDEX IF NOT EXISTS ${prefix}_from ON ${name} (from_date)`,
  ],
};

/**
 * A "now" that is a function of the history alone and falls on or after every readiness day, so `computeLiability`
 * keeps every period that runs: only `from`, `to` and the status are stored, and none of them depends on it.
 */
const latestInstant = (history: readonly CaseEventRecord[]): string => {
  const instants = history.flatMap((event) =>
    event.type === 'DischargeReadinessDeclared' ? [event.occurredAt, event.data.declaredAt] : [event.occurredAt],
  );
  return new Date(Math.max(...instants.map(Date.parse))).toISOString();
};

export const liabilityProjection = (config: RegulationConfig): CaseProjection => ({
  name: 'liability',
  version: projectionVersion(TABLE_VERSION, config),
  tables: [table],
  project: (history) => {
    const admission = admissionFacts(history);
    if (!admission) return { [LIABILITY_PERIODS]: [] };
    const liability = computeLiability(history, config, latestInstant(history));
    return {
      [LIABILITY_PERIODS]: liability.periods.map((period) => [
        liability.caseId,
        period.declarationRevision,
        admission.municipalityCode,
        admission.hospitalOrgNumber,
        period.from,
        period.to,
        period.status,
        period.disputeReasons,
        config.rulesVersion,
      ]),
    };
  },
});
