import { computeDeadlines, type Deadline } from '#libs/domain/regulation/deadlines.js';
import { LEGAL_CLOCK_VERSION, type RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import type { CaseProjection, ProjectedRow, ReadModelTable } from '../runtime/case-projection.js';

export const DEADLINES = 'deadlines';

/** Every insert into a generation of the table is announced here with the deadline's id, at commit. */
export const DEADLINE_CHANNEL = 'overgang_deadline_changed';

const TABLE_VERSION = 1;

/**
 * A number that changes whenever the rules that decide the rows change: the legal clock's own version (code) and the
 * configured rules (not the day rates, which are applied when liability is read), so that a new release of the clock
 * or a changed REGULATION_CONFIG makes the runtime rebuild the read models by itself.
 */
export const rulesFingerprint = (config: RegulationConfig): number => {
  const { rulesVersion, deadlines, workingDays, municipalityOverrides } = config;
  const text = JSON.stringify([LEGAL_CLOCK_VERSION, rulesVersion, deadlines, workingDays, municipalityOverrides]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash % 1_000_000;
};

/** Table layout and rules together; fits PostgreSQL's integer while TABLE_VERSION stays below 2,000. */
export const projectionVersion = (tableVersion: number, config: RegulationConfig): number =>
  tableVersion * 1_000_000 + rulesFingerprint(config);

const COLUMNS = [
  'deadline_id',
  'case_id',
  'municipality_code',
  'hospital_org_number',
  'kind',
  'trigger_revision',
  'starts_at',
  'due_at',
  'status',
  'met_at',
  'cancelled_at',
  'cancel_reason',
  'rules_version',
] as const;

const table: ReadModelTable = {
  name: DEADLINES,
  columns: COLUMNS,
  ddl: (name, prefix) => [
    `CREATE TABLE ${name} (
      deadline_id text PRIMARY KEY,
      case_id text NOT NULL,
      municipality_code text NOT NULL,
      hospital_org_number text NOT NULL,
      kind text NOT NULL,
      trigger_revision integer NOT NULL,
      starts_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'met', 'missed', 'cancelled')),
      met_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      rules_version text NOT NULL
    )`,
    `CREATE INDEX ${prefix}_case ON ${name} (case_id)`,
    // The timer follows the table by these notifications; its reconciler covers anything missed while not listening.
    `CREATE OR REPLACE FUNCTION read_models.notify_deadline_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${DEADLINE_CHANNEL}', NEW.deadline_id);
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER ${prefix}_notify AFTER INSERT ON ${name} FOR EACH ROW EXECUTE FUNCTION read_models.notify_deadline_changed()`,
  ],
  queryIndexes: (name, prefix) => [
    `CREATE INDEX IF NOT EXISTS ${prefix}_open_due ON ${name} (due_at, deadline_id) WHERE status = 'open'`,
  ],
};

const row = (deadline: Deadline, admission: AdmissionFacts, rulesVersion: string): ProjectedRow => [
  deadline.deadlineId,
  deadline.caseId,
  admission.municipalityCode,
  admission.hospitalOrgNumber,
  deadline.kind,
  deadline.triggerRevision,
  deadline.startsAt,
  deadline.dueAt,
  deadline.status,
  deadline.metAt ?? null,
  deadline.cancelledAt ?? null,
  deadline.cancelReason ?? null,
  rulesVersion,
];

interface AdmissionFacts {
  readonly municipalityCode: string;
  readonly hospitalOrgNumber: string;
}

export const admissionFacts = (history: readonly CaseEventRecord[]): AdmissionFacts | undefined => {
  const admission = history.find((event) => event.type === 'AdmissionNotified');
  return admission && { municipalityCode: admission.data.municipalityCode, hospitalOrgNumber: admission.data.hospital.orgNumber };
};

/**
 * The `Deadline` read model (regulation.md): one row per deadline of every case, as `computeDeadlines` judges it
 * from the events alone. It is the truth the timer follows; an overdue deadline stays `open` until the worker
 * records its `DeadlineMissed`.
 */
export const deadlineProjection = (config: RegulationConfig): CaseProjection => ({
  name: 'deadlines',
  version: projectionVersion(TABLE_VERSION, config),
  tables: [table],
  project: (history) => {
    const admission = admissionFacts(history);
    if (!admission) return { [DEADLINES]: [] };
    return { [DEADLINES]: computeDeadlines(history, config).map((deadline) => row(deadline, admission, config.rulesVersion)) };
  },
});
