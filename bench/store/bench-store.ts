/**
 * The PostgreSQL event store against its floor: a plain table with the same columns, UNIQUE (stream_name,
 * stream_revision) and nothing else, written with plain (prepared) INSERTs in autocommit, and read with a plain keyset
 * scan over that unique index, 2,000 rows a query, pg parsing the rows as it does by default. Both run on 20 pooled
 * connections in one fresh database. Each append mode alternates floor and adapter rounds and keeps each side's best,
 * as the machine's disk and CPU are shared and noisy. Prints one table of ratios.
 * Run: npx swc bench libs -d dist && node dist/bench/store/bench-store.js
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPostgresEventStore, type EventStore, type NewEvent } from '#libs/event-store/index.js';
import { createTestDatabase } from '#libs/testing/postgres.js';

const ROUND_MS = 3_000;
const ROUNDS = 3;
const CATCH_UP_EVENTS = 200_000;
const EVENTS_PER_STREAM = 20;

interface AppendMode {
  readonly label: string;
  readonly callers: number;
  readonly eventsPerCall: number;
}

const APPEND_MODES: readonly AppendMode[] = [
  { label: 'append, 1 event/call, sequential', callers: 1, eventsPerCall: 1 },
  { label: 'append, 1 event/call, 16 callers', callers: 16, eventsPerCall: 1 },
  { label: 'append, 10 events/call, sequential', callers: 1, eventsPerCall: 10 },
];

/** About the size of a transfer-case event: a few hundred bytes of data and metadata. */
const benchEvent = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'MunicipalResponseGiven',
  data: {
    caseId: randomUUID(),
    respondedAt: new Date().toISOString(),
    canReceive: true,
    expectedReadyDate: '2026-03-04',
    plannedTransferDate: '2026-03-05',
    notes: 'Kommunen kan ta imot pasienten til korttidsopphold fra planlagt dato.',
  },
  metadata: {
    occurredAt: new Date().toISOString(),
    actor: { id: randomUUID(), role: 'municipal_caseworker', organisation: '0301' },
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
  },
});

/** Appends `eventsPerCall` events to a stream at a known revision, moving to a new stream every so often. */
type Appender = (stream: string, revision: bigint, events: NewEvent[]) => Promise<void>;

const adapterAppender =
  (store: EventStore): Appender =>
  async (stream, revision, events) => {
    await store.appendToStream(stream, events, { expectedRevision: revision === 0n ? 'no_stream' : revision - 1n });
  };

const floorAppender =
  (pool: pg.Pool): Appender =>
  async (stream, revision, events) => {
    const values = events.flatMap((e, i) => [
      stream,
      (revision + BigInt(i)).toString(),
      e.eventId,
      e.type,
      JSON.stringify(e.data),
      JSON.stringify(e.metadata),
    ]);
    const rows = events.map((_, i) => `(${[1, 2, 3, 4, 5, 6].map((column) => `$${i * 6 + column}`).join(', ')})`);
    await pool.query({
      name: `floor_insert_${events.length}`,
      text: `INSERT INTO floor_events (stream_name, stream_revision, event_id, event_type, data, metadata)
             VALUES ${rows.join(', ')}`,
      values,
    });
  };

let streamCounter = 0;

/** Events per second over `durationMs`, with `callers` loops each appending to streams of their own. */
const measureAppends = async (append: Appender, mode: AppendMode, durationMs: number): Promise<number> => {
  const deadline = Date.now() + durationMs;
  const started = performance.now();
  let events = 0;
  await Promise.all(
    Array.from({ length: mode.callers }, async () => {
      let stream = `bench-${++streamCounter}`;
      let revision = 0n;
      while (Date.now() < deadline) {
        if (revision >= EVENTS_PER_STREAM) {
          stream = `bench-${++streamCounter}`;
          revision = 0n;
        }
        const batch = Array.from({ length: mode.eventsPerCall }, benchEvent);
        await append(stream, revision, batch);
        revision += BigInt(batch.length);
        events += batch.length;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
};

/** Fills a table up to `target` events, 100 per call from 4 callers. */
const fill = async (append: Appender, count: () => Promise<number>, target: number): Promise<void> => {
  let missing = target - (await count());
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (missing > 0) {
        missing -= 100;
        await append(`fill-${++streamCounter}`, 0n, Array.from({ length: 100 }, benchEvent));
      }
    }),
  );
};

const measureAdapterCatchUp = async (store: EventStore, total: number): Promise<number> => {
  const started = performance.now();
  let seen = 0;
  for await (const _ of store.subscribeToAll({ from: 'start' })) {
    if (++seen === total) break;
  }
  return seen / ((performance.now() - started) / 1000);
};

const measureFloorCatchUp = async (pool: pg.Pool, total: number): Promise<number> => {
  const client = await pool.connect();
  try {
    const started = performance.now();
    let seen = 0;
    let after: [string, string] = ['', '-1'];
    while (seen < total) {
      const { rows } = await client.query<{ stream_name: string; stream_revision: string }>({
        name: 'floor_keyset',
        text: `SELECT * FROM floor_events WHERE (stream_name, stream_revision) > ($1, $2)
               ORDER BY stream_name, stream_revision LIMIT 2000`,
        values: after,
      });
      if (rows.length === 0) break;
      seen += rows.length;
      const last = rows.at(-1)!;
      after = [last.stream_name, last.stream_revision];
    }
    return Math.min(seen, total) / ((performance.now() - started) / 1000);
  } finally {
    client.release();
  }
};

const format = (n: number): string => Math.round(n).toLocaleString('en-US');

const main = async (): Promise<void> => {
  const database = await createTestDatabase('overgang_bench');
  const floor = new pg.Pool({ connectionString: database.url, max: 20 });
  // pool.end() does not wait for connections to close: dropping the database can still reach one, whose error would
  // otherwise crash the process.
  floor.on('error', () => {});
  const store = await createPostgresEventStore({ connectionString: database.url });
  try {
    await floor.query(`
      CREATE TABLE floor_events (
        stream_name text NOT NULL,
        stream_revision bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        UNIQUE (stream_name, stream_revision)
      )`);
    const { rows: settings } = await floor.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('server_version', 'synchronous_commit', 'fsync')`,
    );
    console.log(`PostgreSQL ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}; Node ${process.version}`);

    const rows: [string, number, number][] = [];
    for (const mode of APPEND_MODES) {
      // Warm up both (connections, prepared statements), then alternate rounds and keep each side's best.
      await measureAppends(floorAppender(floor), mode, 300);
      await measureAppends(adapterAppender(store), mode, 300);
      let best = { floor: 0, adapter: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const floorRate = await measureAppends(floorAppender(floor), mode, ROUND_MS);
        const adapterRate = await measureAppends(adapterAppender(store), mode, ROUND_MS);
        best = { floor: Math.max(best.floor, floorRate), adapter: Math.max(best.adapter, adapterRate) };
      }
      rows.push([mode.label, best.floor, best.adapter]);
      console.log(`  ${mode.label}: floor ${format(best.floor)}/s, adapter ${format(best.adapter)}/s`);
    }

    const countOf = (table: string) => async () =>
      Number((await floor.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    await fill(adapterAppender(store), countOf('event_store.events'), CATCH_UP_EVENTS);
    await fill(floorAppender(floor), countOf('floor_events'), CATCH_UP_EVENTS);
    for (const table of ['floor_events', 'event_store.events']) await floor.query(`VACUUM ANALYZE ${table}`);
    let catchUp = { floor: 0, adapter: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      catchUp = {
        floor: Math.max(catchUp.floor, await measureFloorCatchUp(floor, CATCH_UP_EVENTS)),
        adapter: Math.max(catchUp.adapter, await measureAdapterCatchUp(store, CATCH_UP_EVENTS)),
      };
    }
    rows.push([`catch-up read, ${format(CATCH_UP_EVENTS)} events`, catchUp.floor, catchUp.adapter]);

    console.log();
    console.log(`${'events/s'.padEnd(40)}${'floor'.padStart(12)}${'adapter'.padStart(12)}${'ratio'.padStart(8)}`);
    for (const [label, floorRate, adapterRate] of rows) {
      console.log(
        `${label.padEnd(40)}${format(floorRate).padStart(12)}${format(adapterRate).padStart(12)}` +
          `${(adapterRate / floorRate).toFixed(2).padStart(8)}`,
      );
    }
  } finally {
    await store.close();
    await floor.end();
    await database.drop();
  }
};

await main();
