import { readStream, postgreSQLEventStoreConsumer, postgreSQLProjection, type PostgresReadEvent } from '@event-driven-io/emmett-postgresql';
import type { DefaultRecord, Event } from '@event-driven-io/emmett';
import { TRANSFER_CASE_EVENT_TYPES, type CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { ALLOCATION_ASSESSMENTS, allocationAssessmentProjection } from '#libs/projections/participation/allocation-assessment.projection.js';
import { emmettVersion, openEmmett, readAllEmmett } from '../emmett/emmett.js';
import { servePeer } from '../peer-process.js';
import { withProgress } from './progress.js';

/**
 * bench:projections' Emmett side, in its own process: `node dist/bench/projections/emmett-projections.js <database url>
 * <pseudonym secret>`. Copies the bench's case events into Emmett's tables, reads them back as its consumers do,
 * builds the participation read model through Emmett's consumer and projector into its own table, and compares that
 * table with ours.
 */
const EMMETT_ASSESSMENTS = 'emmett_allocation_assessments';

const [url, pseudonymSecret] = process.argv.slice(2) as [string, string];
const emmett = await openEmmett(url, 8);

/** The same pure function of a case's history that our runtime projects, rows in the same columns. */
const participation = allocationAssessmentProjection(pseudonymSecret);
const table = participation.tables.find((candidate) => candidate.name === ALLOCATION_ASSESSMENTS)!;
const insert = (rows: number): string =>
  `INSERT INTO ${EMMETT_ASSESSMENTS} (${table.columns.join(', ')}) VALUES ` +
  Array.from({ length: rows }, (_, row) => `(${table.columns.map((_, column) => `$${row * table.columns.length + column + 1}`).join(', ')})`).join(', ');

type CaseEvent = Event<string, DefaultRecord, DefaultRecord>;

const toRecord = (event: PostgresReadEvent<CaseEvent>): CaseEventRecord =>
  ({
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.metadata.recordedAt,
    revision: Number(event.metadata.streamPosition) - 1,
  }) as unknown as CaseEventRecord;

/**
 * The projection's handler wrapped so that its failure is told: Emmett's consumer stops a failed processor and
 * carries on, and would end the build early without a word.
 */
const toldOnFailure = <A extends unknown[]>(handle: (...args: A) => Promise<void>) => async (...args: A): Promise<void> => {
  try {
    await handle(...args);
  } catch (error) {
    process.stderr.write(`Emmett's projection failed after ${handled} events: ${error instanceof Error ? error.stack : String(error)}\n`);
    throw error;
  }
};

/**
 * Emmett's projector hands a projection one event at a time. A case's assessments are a function of its whole
 * history, so each event reads the case's stream up to itself (Emmett's `readStream`, in the projector's transaction)
 * and replaces the case's rows; before a decision there are none to write.
 */
let handled = 0;
const assessments = postgreSQLProjection<CaseEvent>({
  name: 'participation',
  canHandle: [...TRANSFER_CASE_EVENT_TYPES],
  init: async ({ context }) => {
    const ddl = [...table.ddl(EMMETT_ASSESSMENTS, 'emmett_aa'), ...(table.queryIndexes?.(EMMETT_ASSESSMENTS, 'emmett_aa') ?? [])];
    for (const statement of ddl) await context.connection.client.query(statement);
  },
  handle: toldOnFailure(async (events, context) => {
    for (const event of events) {
      handled++;
      const { streamName, streamPosition } = event.metadata;
      const { events: history } = await readStream<CaseEvent>(context.execute, streamName, { to: streamPosition });
      const rows = participation.project(history.map((e) => toRecord(e as PostgresReadEvent<CaseEvent>)))[ALLOCATION_ASSESSMENTS] ?? [];
      if (rows.length === 0) continue;
      const client = context.connection.client;
      await client.query(`DELETE FROM ${EMMETT_ASSESSMENTS} WHERE case_id = $1`, [rows[0]![0]]);
      await client.query(insert(rows.length), rows.flatMap((row) => row.map((value, i) => (i === row.length - 1 ? JSON.stringify(value) : value))));
    }
  }),
});

await servePeer(
  {
    version: () => emmettVersion(),
    /** The bench's case events, in the store's order, into Emmett's tables, as its append would have written them. */
    load: async () => {
      await emmett.admin.query(`
        INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata)
        SELECT stream_name, max(stream_revision) + 1, 'emt:default', 'case', '{}'::jsonb
        FROM event_store.events WHERE starts_with(stream_name, 'case-') GROUP BY stream_name`);
      const { rowCount } = await emmett.admin.query(`
        INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
                                  message_schema_version, message_type, message_id, transaction_id, created)
        SELECT stream_name, stream_revision + 1, 'emt:default', 'E', data,
               metadata || jsonb_build_object('messageId', event_id::text,
                 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
               '1', event_type, event_id::text, pg_current_xact_id(), recorded_at
        FROM event_store.events WHERE starts_with(stream_name, 'case-')
        ORDER BY transaction_id, global_position`);
      await emmett.admin.query('VACUUM ANALYZE emt_messages');
      return rowCount;
    },
    catchUp: async ({ total, batchSize }) => {
      let seen = 0;
      const started = performance.now();
      const read = readAllEmmett(emmett.db, total as number, batchSize as number, (n) => (seen = n));
      seen = await withProgress('Emmett raw catch-up', total as number, () => seen, read);
      return { seen, rate: seen / ((performance.now() - started) / 1000) };
    },
    /** From the start until no event is left, `batchSize` events a pull, as fast as it goes. */
    build: async ({ total, batchSize }) => {
      handled = 0;
      const consumer = postgreSQLEventStoreConsumer({
        connectionString: url,
        pool: emmett.db,
        pulling: { batchSize: batchSize as number, pullingFrequencyInMs: 0 },
        stopWhen: { noMessagesLeft: true },
      });
      consumer.projector<CaseEvent>({ projection: assessments });
      const started = performance.now();
      await withProgress('Emmett build', total as number, () => handled, consumer.start());
      const ms = performance.now() - started;
      await consumer.close();
      return { handled, rate: handled / (ms / 1000) };
    },
    /** Rows of Emmett's read model, and how many rows are in only one of it and ours. */
    compare: async () => {
      const count = async (sql: string): Promise<number> => (await emmett.admin.query<{ n: number }>(sql)).rows[0]!.n;
      const columns = table.columns.join(', ');
      const ours = `read_models.${ALLOCATION_ASSESSMENTS}`;
      return {
        rows: await count(`SELECT count(*)::int AS n FROM ${EMMETT_ASSESSMENTS}`),
        onlyEmmett: await count(`SELECT count(*)::int AS n FROM (SELECT ${columns} FROM ${EMMETT_ASSESSMENTS} EXCEPT SELECT ${columns} FROM ${ours}) d`),
        onlyOurs: await count(`SELECT count(*)::int AS n FROM (SELECT ${columns} FROM ${ours} EXCEPT SELECT ${columns} FROM ${EMMETT_ASSESSMENTS}) d`),
      };
    },
  },
  () => emmett.close(),
);
