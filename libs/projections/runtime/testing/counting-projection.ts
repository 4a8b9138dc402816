import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '#libs/event-store/event-store.port.js';
import type { CaseProjection } from '../case-projection.js';
import type { CaseRecord } from '#libs/application/case-events.js';

/**
 * A projection for testing the runtime: one row per case with how many events it has and the revisions seen in order
 * (a gap or a repeat would show), plus one row per event. `version` changes what `project` writes (`v<version>`).
 */
export const countingProjection = (name = 'counting', version = 1): CaseProjection => ({
  name,
  version,
  tables: [
    {
      name: `${name}_cases`,
      columns: ['case_id', 'events', 'revisions', 'last_position', 'tag'],
      ddl: (table, prefix) => [
        `CREATE TABLE ${table} (case_id text PRIMARY KEY, events integer NOT NULL, revisions text NOT NULL,
          last_position text NOT NULL, tag text NOT NULL)`,
      ],
      queryIndexes: (table, prefix) => [`CREATE INDEX IF NOT EXISTS ${prefix}_events ON ${table} (events)`],
    },
    {
      name: `${name}_events`,
      columns: ['case_id', 'revision', 'type', 'data'],
      ddl: (table) => [
        `CREATE TABLE ${table} (case_id uuid NOT NULL, revision integer NOT NULL, type text NOT NULL, data jsonb NOT NULL,
          PRIMARY KEY (case_id, revision))`,
      ],
    },
  ],
  project: (history) => {
    const caseId = (history[0]!.data as { caseId: string }).caseId;
    const last = history[history.length - 1] as CaseRecord;
    return {
      [`${name}_cases`]: [
        [caseId, history.length, history.map((e) => e.revision).join(','), last.position, `v${version}`],
      ],
      [`${name}_events`]: history.map((e) => [caseId, e.revision, e.type, e.data]),
    };
  },
});

/** The `n`th event of a case (an admission first), its data `{ caseId, n, ... }`. */
export const newCaseEvent = (caseId: string, n: number, data: object = { text: `it's "quoted" \\ {x}` }): NewEvent => ({
  eventId: randomUUID(),
  type: n === 0 ? 'AdmissionNotified' : 'UserWishRelayed',
  data: { caseId, n, ...data },
  metadata: {
    occurredAt: new Date().toISOString(),
    actor: { id: 'test', role: 'hospital_staff', organisation: '974749025' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
  },
});

/** Appends `count` events to a case stream (created when new); returns the position of the last one. */
export const appendCaseEvents = async (store: EventStore, caseId: string, from: number, count: number) => {
  const events = Array.from({ length: count }, (_, i) => newCaseEvent(caseId, from + i));
  return store.appendToStream(`case-${caseId}`, events, {
    expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1),
  });
};
