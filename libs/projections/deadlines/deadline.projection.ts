import { computeDeadlines, type Deadline } from '#libs/domain/regulation/deadlines.js';
import { LEGAL_CLOCK_VERSION, type RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import { ownedItems, ownerColumns, type CaseOwner } from '../case-owner.js';
import { column, defineCaseProjection, type CaseProjection, type CaseTableDefinition } from '../runtime/case-projection.js';

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

/** A deadline as stored: with the case's owner, for scoped reads, and the rules version that judged it. */
type Item = Deadline & CaseOwner & { readonly rulesVersion: string };

const deadlinesTable: CaseTableDefinition<Item> = {
  name: DEADLINES,
  columns: {
    deadline_id: column<Item>('text PRIMARY KEY', (d) => d.deadlineId),
    case_id: column<Item>('text NOT NULL', (d) => d.caseId),
    ...ownerColumns<Item>(),
    kind: column<Item>('text NOT NULL', (d) => d.kind),
    trigger_revision: column<Item>('integer NOT NULL', (d) => d.triggerRevision),
    starts_at: column<Item>('timestamptz NOT NULL', (d) => d.startsAt),
    due_at: column<Item>('timestamptz NOT NULL', (d) => d.dueAt),
    status: column<Item>("text NOT NULL CHECK (status IN ('open', 'met', 'missed', 'cancelled'))", (d) => d.status),
    met_at: column<Item>('timestamptz', (d) => d.metAt ?? null),
    cancelled_at: column<Item>('timestamptz', (d) => d.cancelledAt ?? null),
    cancel_reason: column<Item>('text', (d) => d.cancelReason ?? null),
    rules_version: column<Item>('text NOT NULL', (d) => d.rulesVersion),
  },
  moreDdl: (name, prefix) => [
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

/**
 * The `Deadline` read model (regulation.md): one row per deadline of every case, as `computeDeadlines` judges it
 * from the events alone. It is the truth the timer follows; an overdue deadline stays `open` until the worker
 * records its `DeadlineMissed`.
 */
export const deadlineProjection = (config: RegulationConfig): CaseProjection =>
  defineCaseProjection<Item>({
    name: 'deadlines',
    version: projectionVersion(TABLE_VERSION, config),
    tables: [deadlinesTable],
    items: (history) =>
      ownedItems<Item>(history, () => computeDeadlines(history, config).map((deadline) => ({ ...deadline, rulesVersion: config.rulesVersion }))),
  });
