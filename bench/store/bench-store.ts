/**
 * The PostgreSQL event store against its floor and a peer, in one fresh database:
 * - floor: a plain table with the same columns, UNIQUE (stream_name, stream_revision) and nothing else, written with
 *   plain (prepared) INSERTs in autocommit, and read with a plain keyset scan over that unique index, 2,000 rows a
 *   query, pg parsing the rows as it does by default;
 * - Emmett: its PostgreSQL event store (`appendToStream`, and `readMessagesBatch` for reading, 2,000 a query), in a
 *   process of its own (`emmett-store.ts`).
 * All three on 20 pooled connections. Each append mode alternates floor, ours and Emmett rounds and keeps each side's
 * best, as the machine's disk and CPU are shared and noisy. Prints one table of rates and ratios.
 * Env: BENCH_ROUND_MS (3000), BENCH_ROUNDS (3), BENCH_CATCH_UP_EVENTS (200000).
 */
import pg from 'pg';
import { createPostgresEventStore, type EventStore } from '#libs/event-store/index.js';
import { createTestDatabase } from '#libs/testing/postgres.js';
import { startPeer } from '../peer-process.js';
import { APPEND_MODES, fill, measureAppends, type Appender } from './append-load.js';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CATCH_UP_EVENTS = Number(process.env.BENCH_CATCH_UP_EVENTS ?? 200_000);
const READ_BATCH = 2_000;

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
               ORDER BY stream_name, stream_revision LIMIT ${READ_BATCH}`,
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
  const emmett = startPeer('dist/bench/store/emmett-store.js', [database.url]);
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
    console.log(
      `PostgreSQL ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}; Node ${process.version}; ` +
        `Emmett ${await emmett.ask<string>({ op: 'version' })}`,
    );

    type Rates = { floor: number; ours: number; emmett: number };
    const best = (a: Rates, b: Rates): Rates => ({
      floor: Math.max(a.floor, b.floor),
      ours: Math.max(a.ours, b.ours),
      emmett: Math.max(a.emmett, b.emmett),
    });
    const rows: [string, Rates][] = [];
    for (const mode of APPEND_MODES) {
      const round = async (ms: number): Promise<Rates> => ({
        floor: await measureAppends(floorAppender(floor), mode, ms),
        ours: await measureAppends(adapterAppender(store), mode, ms),
        emmett: await emmett.ask<number>({ op: 'append', mode, ms }),
      });
      await round(300); // warm-up: connections, prepared statements
      let rates: Rates = { floor: 0, ours: 0, emmett: 0 };
      for (let r = 0; r < ROUNDS; r++) rates = best(rates, await round(ROUND_MS));
      rows.push([mode.label, rates]);
      console.log(`  ${mode.label}: floor ${format(rates.floor)}/s, ours ${format(rates.ours)}/s, Emmett ${format(rates.emmett)}/s`);
    }

    const countOf = (table: string) => async () =>
      Number((await floor.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    await fill(adapterAppender(store), countOf('event_store.events'), CATCH_UP_EVENTS);
    await fill(floorAppender(floor), countOf('floor_events'), CATCH_UP_EVENTS);
    await emmett.ask({ op: 'fill', target: CATCH_UP_EVENTS });
    for (const table of ['floor_events', 'event_store.events']) await floor.query(`VACUUM ANALYZE ${table}`);
    let catchUp: Rates = { floor: 0, ours: 0, emmett: 0 };
    let emmettSeen = CATCH_UP_EVENTS;
    for (let r = 0; r < ROUNDS; r++) {
      const peer = await emmett.ask<{ seen: number; rate: number }>({ op: 'catchUp', total: CATCH_UP_EVENTS, batchSize: READ_BATCH });
      emmettSeen = Math.min(emmettSeen, peer.seen);
      catchUp = best(catchUp, {
        floor: await measureFloorCatchUp(floor, CATCH_UP_EVENTS),
        ours: await measureAdapterCatchUp(store, CATCH_UP_EVENTS),
        emmett: peer.rate,
      });
    }
    rows.push([`catch-up read, ${format(CATCH_UP_EVENTS)} events`, catchUp]);

    const ratio = (a: number, b: number): string => (a / b).toFixed(2);
    console.log();
    console.log(
      `${'events/s'.padEnd(40)}${'floor'.padStart(10)}${'ours'.padStart(10)}${'Emmett'.padStart(10)}` +
        `${'ours/floor'.padStart(12)}${'ours/Emmett'.padStart(13)}`,
    );
    for (const [label, rates] of rows) {
      console.log(
        `${label.padEnd(40)}${format(rates.floor).padStart(10)}${format(rates.ours).padStart(10)}${format(rates.emmett).padStart(10)}` +
          `${ratio(rates.ours, rates.floor).padStart(12)}${ratio(rates.ours, rates.emmett).padStart(13)}`,
      );
    }
    if (emmettSeen < CATCH_UP_EVENTS) {
      console.log(`Emmett's catch-up read stopped after ${format(emmettSeen)} of ${format(CATCH_UP_EVENTS)} events (see the README)`);
    }
  } finally {
    await emmett.close();
    await store.close();
    await floor.end();
    await database.drop();
  }
};

await main();
