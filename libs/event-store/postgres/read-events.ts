import type pg from 'pg';
import type { Batch } from '../catch-up-subscription.js';
import type { EventFilter, EventMetadata, Position, ReadStreamOptions, RecordedEvent } from '../event-store.port.js';
import { comparePositions } from '../position.js';
import type { Queryable } from './append.js';

// Every column as text (rowMode 'array'), so pg parses nothing and no custom type parser of the pool's can interfere.
const EVENT_COLUMNS = /* sql */ `
  e.transaction_id::text, e.global_position::text, e.stream_name, e.stream_revision::text, e.event_id::text,
  e.event_type, e.data::text, e.metadata::text,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type EventRow = [
  commit: string,
  prepare: string,
  streamName: string,
  streamRevision: string,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  eventId: row[4],
  type: row[5],
  data: JSON.parse(row[6]) as unknown,
  metadata: JSON.parse(row[7]) as EventMetadata,
  streamName: row[2],
  streamRevision: BigInt(row[3]),
  position: { commit: BigInt(row[0]), prepare: BigInt(row[1]) },
  recordedAt: row[8],
});

/**
 * The visibility rule of the store's total order: only rows of transactions older than the oldest one still running.
 * Every transaction that could yet add a row below that horizon has finished, so what is read is final: a later
 * read never finds a row before a position an earlier read returned.
 */
const VISIBLE = 'e.transaction_id < horizon.xmin';

export const batchQuery = (filter: EventFilter | undefined): pg.QueryArrayConfig => {
  const conditions = [VISIBLE];
  let name = 'event_store_read';
  if (filter?.eventTypes) {
    conditions.push('e.event_type = ANY($4::text[])');
    name += '_types';
  }
  if (filter?.streamNamePrefix !== undefined) {
    conditions.push(`starts_with(e.stream_name, $${filter.eventTypes ? 5 : 4}::text)`);
    name += '_prefix';
  }
  return {
    name,
    rowMode: 'array',
    // The horizon is returned even when no event is, so a filtered reader can skip what it has already scanned.
    text: /* sql */ `
      WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
      SELECT ${EVENT_COLUMNS}, horizon.xmin::text
      FROM horizon
      LEFT JOIN LATERAL (
        SELECT * FROM event_store.events e
        WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND ${conditions.join(' AND ')}
        ORDER BY e.transaction_id, e.global_position
        LIMIT $3
      ) e ON true`,
  };
};

const filterValues = (filter: EventFilter | undefined): unknown[] => [
  ...(filter?.eventTypes ? [filter.eventTypes] : []),
  ...(filter?.streamNamePrefix !== undefined ? [filter.streamNamePrefix] : []),
];

/** Reads the next events after `after` in the store's total order (transaction id, then global position). */
export const batchReader = (filter: EventFilter | undefined) => {
  const query = batchQuery(filter);
  const extraValues = filterValues(filter);
  return async (db: Queryable, after: Position, limit: number): Promise<Batch> => {
    const { rows } = await db.query<[...EventRow, horizon: string]>({
      ...query,
      values: [after.commit.toString(), after.prepare.toString(), limit, ...extraValues],
    });
    const count = rows[0]![0] === null ? 0 : rows.length;
    const lastRow = rows[count - 1];
    const last: Position = lastRow ? { commit: BigInt(lastRow[0]), prepare: BigInt(lastRow[1]) } : after;
    const event = (index: number) => toRecordedEvent(rows[index] as unknown as EventRow);
    if (count === limit) return { count, event, scannedTo: last, caughtUp: false };
    // Everything below the horizon has been scanned, the filtered-out rows included.
    const horizon: Position = { commit: BigInt(rows[0]![9]), prepare: 0n };
    return { count, event, scannedTo: comparePositions(horizon, last) > 0 ? horizon : last, caughtUp: true };
  };
};

export const readAllEvents = async (
  db: Queryable,
  after: Position,
  maxCount: number,
  batchSize: number,
): Promise<RecordedEvent[]> => {
  const read = batchReader(undefined);
  const events: RecordedEvent[] = [];
  while (events.length < maxCount) {
    const batch = await read(db, after, Math.min(batchSize, maxCount - events.length));
    for (let i = 0; i < batch.count; i++) events.push(batch.event(i));
    if (batch.caughtUp) break;
    after = batch.scannedTo;
  }
  return events;
};

const READ_STREAM_FORWARDS = /* sql */ `
  SELECT ${EVENT_COLUMNS} FROM event_store.events e
  WHERE e.stream_name = $1 AND e.stream_revision >= $2
  ORDER BY e.stream_revision
  LIMIT $3`;

const READ_STREAM_BACKWARDS = /* sql */ `
  SELECT ${EVENT_COLUMNS} FROM event_store.events e
  WHERE e.stream_name = $1 AND e.stream_revision <= $2
  ORDER BY e.stream_revision DESC
  LIMIT $3`;

const LAST_REVISION = 9223372036854775807n;

export const readStreamEvents = async (
  db: Queryable,
  stream: string,
  options: ReadStreamOptions,
): Promise<RecordedEvent[]> => {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? (backwards ? LAST_REVISION : 0n);
  const { rows } = await db.query<EventRow>({
    name: backwards ? 'event_store_read_stream_backwards' : 'event_store_read_stream_forwards',
    text: backwards ? READ_STREAM_BACKWARDS : READ_STREAM_FORWARDS,
    rowMode: 'array',
    // LIMIT NULL means no limit.
    values: [stream, from.toString(), options.maxCount ?? null],
  });
  return rows.map(toRecordedEvent);
};

export const headPosition = async (db: Queryable): Promise<Position | null> => {
  const { rows } = await db.query<[commit: string, prepare: string]>({
    name: 'event_store_head',
    rowMode: 'array',
    text: /* sql */ `
      SELECT e.transaction_id::text, e.global_position::text FROM event_store.events e
      WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY e.transaction_id DESC, e.global_position DESC
      LIMIT 1`,
  });
  const row = rows[0];
  return row ? { commit: BigInt(row[0]), prepare: BigInt(row[1]) } : null;
};

/** Where a subscription `from: 'end'` starts: after every transaction that has finished, before any still running. */
export const endPosition = async (db: Queryable): Promise<Position> => {
  const { rows } = await db.query<[xmin: string]>({
    text: 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text',
    rowMode: 'array',
  });
  return { commit: BigInt(rows[0]![0]), prepare: 0n };
};
