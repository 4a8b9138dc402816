import { computeLiability, type LiabilityPeriod } from '#libs/domain/regulation/liability.js';
import type { RegulationConfig } from '#libs/domain/regulation/regulation-config.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { ownedItems, ownerColumns, type CaseOwner } from '../case-owner.js';
import { projectionVersion } from '../deadlines/deadline.projection.js';
import { column, defineCaseProjection, type CaseProjection, type CaseTableDefinition } from '../runtime/case-projection.js';

export const LIABILITY_PERIODS = 'liability_periods';

const TABLE_VERSION = 1;

/** A period as stored: with its case and the case's owner, and the rules version that judged it. */
type Item = LiabilityPeriod & CaseOwner & { readonly caseId: string; readonly rulesVersion: string };

/**
 * One row per liability period (§ 13). A period still running has no `to_date`: its days depend on today, so they are
 * counted when it is read (`liabilityAsOf`), never stored.
 */
const periodsTable: CaseTableDefinition<Item> = {
  name: LIABILITY_PERIODS,
  columns: {
    case_id: column<Item>('text NOT NULL', (p) => p.caseId),
    declaration_revision: column<Item>('integer NOT NULL', (p) => p.declarationRevision),
    ...ownerColumns<Item>(),
    from_date: column<Item>('date NOT NULL', (p) => p.from),
    to_date: column<Item>('date', (p) => p.to),
    status: column<Item>("text NOT NULL CHECK (status IN ('owed', 'disputed'))", (p) => p.status),
    dispute_reasons: column<Item>('text[] NOT NULL', (p) => p.disputeReasons),
    rules_version: column<Item>('text NOT NULL', (p) => p.rulesVersion),
  },
  constraints: ['PRIMARY KEY (case_id, declaration_revision)'],
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

export const liabilityProjection = (config: RegulationConfig): CaseProjection =>
  defineCaseProjection<Item>({
    name: 'liability',
    version: projectionVersion(TABLE_VERSION, config),
    tables: [periodsTable],
    items: (history) =>
      ownedItems<Item>(history, () => {
        const { caseId, periods } = computeLiability(history, config, latestInstant(history));
        return periods.map((period) => ({ ...period, caseId, rulesVersion: config.rulesVersion }));
      }),
  });
