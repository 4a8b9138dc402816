import type pg from 'pg';
import type { ExpectedRevision, NewEvent } from '../event-store.port.js';
import { toJson } from '../json.js';
import { type AppendOutcome, appendEvents } from './append.js';

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

/** The revision the new events follow, -1 for a new stream; null when the append cannot be grouped. */
const previousRevision = ({ expectedRevision }: PendingAppend): bigint | null =>
  expectedRevision === 'no_stream' ? -1n : typeof expectedRevision === 'bigint' ? expectedRevision : null;

/**
 * Several appends in one INSERT: $1 is a JSON array of {stream, previous, events}. Each append's rows are inserted
 * only when the event it follows exists (the guard of the single append's fast path); a stream that is further along
 * makes a unique index refuse the whole statement.
 */
export const APPEND_GROUP: pg.QueryArrayConfig = {
  name: 'event_store_append_group',
  rowMode: 'array',
  text: /* sql */ `
    INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
    SELECT a.stream, a.previous + e.ord, (e.event ->> 'eventId')::uuid, e.event ->> 'type', e.event -> 'data',
           e.event -> 'metadata'
    FROM jsonb_to_recordset($1::jsonb) AS a(stream text, previous bigint, events jsonb)
    CROSS JOIN LATERAL jsonb_array_elements(a.events) WITH ORDINALITY AS e(event, ord)
    WHERE a.previous = -1
       OR EXISTS (
         SELECT FROM event_store.events p WHERE p.stream_name = a.stream AND p.stream_revision = a.previous
         -- Keeps this a probe of the unique index per append. Without it, a plan made while the table is small
         -- hashes the whole table instead, and stays cached on the connection as the table grows.
         OFFSET 0
       )
    RETURNING event_id::text, stream_name, stream_revision::text, transaction_id::text, global_position::text`,
};

/**
 * Group commit. An append that finds fewer than `maxInFlight` statements running goes at once, alone, so a lone
 * caller never waits. Appends that arrive while that many are running queue up, and go together, in one round trip
 * and one commit, when one finishes: under concurrency the server does far less work per event. Each append stays
 * atomic. One that does not get in with its group (its expectation is not met, a unique index refuses the group,
 * bad data fails it) is appended alone afterwards, which gives exactly the result or error it would have had alone.
 */
export class AppendBatcher {
  readonly #pool: pg.Pool;
  readonly #maxInFlight: number;
  readonly #maxGroupSize: number;
  #queue: PendingAppend[] = [];
  #inFlight = 0;

  constructor(pool: pg.Pool, maxInFlight: number, maxGroupSize: number) {
    this.#pool = pool;
    this.#maxInFlight = maxInFlight;
    this.#maxGroupSize = maxGroupSize;
  }

  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ stream, events, expectedRevision, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const group = this.#takeGroup();
      this.#inFlight++;
      void this.#send(group).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** The appends that can be grouped, oldest first; an append that cannot goes alone when its turn comes. */
  #takeGroup(): PendingAppend[] {
    if (previousRevision(this.#queue[0]!) === null) return [this.#queue.shift()!];
    const group: PendingAppend[] = [];
    const rest: PendingAppend[] = [];
    for (const pending of this.#queue) {
      (group.length < this.#maxGroupSize && previousRevision(pending) !== null ? group : rest).push(pending);
    }
    this.#queue = rest;
    return group;
  }

  async #send(group: PendingAppend[]): Promise<void> {
    const alone = group.length === 1 ? group : await this.#appendGroup(group);
    for (const pending of alone) {
      await appendEvents(this.#pool, pending.stream, pending.events, pending.expectedRevision).then(
        pending.resolve,
        pending.reject,
      );
    }
  }

  /** Appends the group in one statement; returns the appends still to be made alone. */
  async #appendGroup(group: PendingAppend[]): Promise<PendingAppend[]> {
    let rows: [eventId: string, stream: string, revision: string, commit: string, prepare: string][];
    try {
      const json = toJson(
        group.map((pending) => ({
          stream: pending.stream,
          previous: previousRevision(pending)!.toString(),
          events: pending.events.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
        })),
      );
      ({ rows } = await this.#pool.query<typeof rows[number]>({ ...APPEND_GROUP, values: [json] }));
    } catch {
      // Alone, each append meets its own outcome, the error included.
      return group;
    }
    // Event ids are unique store-wide: a row returned with an append's id, stream and revision is that append's.
    const inserted = new Map(rows.map(([eventId, ...row]) => [eventId, row]));
    const rest: PendingAppend[] = [];
    for (const pending of group) {
      const previous = previousRevision(pending)!;
      const rowsOfAppend = pending.events.map((event, i) => {
        const row = inserted.get(event.eventId.toLowerCase());
        return row?.[0] === pending.stream && row[1] === (previous + 1n + BigInt(i)).toString() ? row : null;
      });
      const last = rowsOfAppend.at(-1);
      if (last && rowsOfAppend.every((row) => row !== null)) {
        pending.resolve({
          appended: true,
          nextRevision: previous + BigInt(pending.events.length),
          position: { commit: BigInt(last[2]), prepare: BigInt(last[3]) },
        });
      } else {
        rest.push(pending);
      }
    }
    return rest;
  }
}
