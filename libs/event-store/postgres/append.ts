import type pg from 'pg';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors.js';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port.js';
import { toJson } from '../json.js';

export type Queryable = pg.Pool | pg.ClientBase;

type AppendRow = [
  outcome: 'appended' | 'idempotent' | 'wrong_expected_revision' | 'duplicate_event_id',
  revision: string | null,
  commit: string | null,
  prepare: string | null,
  duplicateId: string | null,
];

const INSERT = 'INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)';
/** The event the new ones follow. Not needed for a new stream: its revision 0 is unique anyway. */
const PREVIOUS_EXISTS =
  'WHERE EXISTS (SELECT FROM event_store.events e WHERE e.stream_name = $1 AND e.stream_revision = $2::bigint)';
const RETURNING = 'RETURNING transaction_id::text, global_position::text';

/** One event in plain parameters ($3-$6): the most common append, and cheaper for the server than a JSON array. */
const appendOne = (name: string, guard: string): pg.QueryArrayConfig => ({
  name,
  rowMode: 'array',
  text: `${INSERT} SELECT $1, $2::bigint + 1, $3::uuid, $4, $5::jsonb, $6::jsonb ${guard} ${RETURNING}`,
});

/** Several events as one JSON array ($3) of {eventId, type, data, metadata}. */
const appendMany = (name: string, guard: string): pg.QueryArrayConfig => ({
  name,
  rowMode: 'array',
  text: `${INSERT}
    SELECT $1, $2::bigint + j.ord, (j.event ->> 'eventId')::uuid, j.event ->> 'type', j.event -> 'data',
           j.event -> 'metadata'
    FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS j(event, ord) ${guard} ${RETURNING}`,
});

/**
 * The fast path for 'no_stream' and a revision ($2: the revision the new events follow, -1 for a new stream): a plain
 * INSERT, with no look-up of the stream's head. The unique (stream_name, stream_revision) index refuses a stream that
 * is further along (or exists at all, for 'no_stream'); PREVIOUS_EXISTS refuses one that is behind. When nothing is
 * inserted, or a unique index refuses, the function below works out why.
 */
const FAST_APPENDS = {
  one: {
    newStream: appendOne('event_store_append_one_new', ''),
    atRevision: appendOne('event_store_append_one', PREVIOUS_EXISTS),
  },
  many: {
    newStream: appendMany('event_store_append_many_new', ''),
    atRevision: appendMany('event_store_append_many', PREVIOUS_EXISTS),
  },
};

/** Every expectation, retries and refusals included: see migrations.ts. */
const APPEND: pg.QueryArrayConfig = {
  name: 'event_store_append',
  text: /* sql */ `
    SELECT outcome, revision::text, commit_position::text, prepare_position::text, duplicate_id::text
    FROM event_store.append_to_stream($1, $2, $3, $4)`,
  rowMode: 'array',
};

/** Each retry after a unique violation sees the winner of the race, so only 'any' appends to a hot stream loop. */
const MAX_ATTEMPTS = 20;

const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';

export interface AppendOutcome extends AppendResult {
  /** False when the events were already recorded by an earlier call (an idempotent retry). */
  readonly appended: boolean;
}

/**
 * One round trip, atomic on its own, when the append goes through; a second one finds out why when it does not.
 * On a connection inside an open transaction it joins that transaction (the tests use this to hold an append
 * uncommitted).
 */
export const appendEvents = async (
  db: Queryable,
  stream: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): Promise<AppendOutcome> => {
  let checkIds = false;
  if (expectedRevision === 'no_stream' || typeof expectedRevision === 'bigint') {
    const previous = expectedRevision === 'no_stream' ? -1n : expectedRevision;
    const statements = events.length === 1 ? FAST_APPENDS.one : FAST_APPENDS.many;
    const [only] = events;
    const values =
      events.length === 1 && only
        ? [stream, previous.toString(), only.eventId, only.type, toJson(only.data), toJson(only.metadata)]
        : [stream, previous.toString(), eventsJson(events)];
    try {
      const { rows } = await db.query<[commit: string, prepare: string]>({
        ...(previous === -1n ? statements.newStream : statements.atRevision),
        values,
      });
      const last = rows.at(-1);
      if (last) {
        return {
          appended: true,
          nextRevision: previous + BigInt(rows.length),
          position: { commit: BigInt(last[0]), prepare: BigInt(last[1]) },
        };
      }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    checkIds = true;
  }
  return appendThroughFunction(db, stream, events, expectedRevision, checkIds);
};

const eventsJson = (events: readonly NewEvent[]): string =>
  toJson(events.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })));

const appendThroughFunction = async (
  db: Queryable,
  stream: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  checkIds: boolean,
): Promise<AppendOutcome> => {
  const expected = typeof expectedRevision === 'bigint' ? expectedRevision.toString() : expectedRevision;
  const json = eventsJson(events);
  for (let attempt = 1; ; attempt++) {
    let row: AppendRow;
    try {
      const result = await db.query<AppendRow>({ ...APPEND, values: [stream, expected, json, checkIds] });
      row = result.rows[0]!;
    } catch (error) {
      // A concurrent append took the revision or the id first; the next attempt sees what it wrote.
      if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) {
        checkIds = true;
        continue;
      }
      throw error;
    }
    const [outcome, revision, commit, prepare, duplicateId] = row;
    switch (outcome) {
      case 'wrong_expected_revision':
        throw new WrongExpectedVersionError(
          stream,
          expectedRevision,
          revision === null ? 'no_stream' : BigInt(revision),
        );
      case 'duplicate_event_id':
        throw new DuplicateEventIdError(
          events.find((e) => e.eventId.toLowerCase() === duplicateId)?.eventId ?? String(duplicateId),
        );
      default:
        return {
          appended: outcome === 'appended',
          nextRevision: BigInt(revision!),
          position: { commit: BigInt(commit!), prepare: BigInt(prepare!) },
        };
    }
  }
};
