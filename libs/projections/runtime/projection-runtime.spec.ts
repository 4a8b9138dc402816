import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { formatPosition } from '#libs/event-store/position.js';
import type { Position } from '#libs/event-store/event-store.port.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { startProjections, type ProjectionRuntime } from './runtime.js';
import { createGeneration, createQueryIndexes, dropGeneration } from './generations.js';
import { projectionLag } from './lag.js';
import { requestRebuild } from './rebuild-request.js';
import { appendCaseEvents, countingProjection } from './testing/counting-projection.js';

const logger = pino({ level: 'silent' });
const fast = { lockRetryMs: 50, controlIntervalMs: 50 };

describe('projection runtime (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const running: ProjectionRuntime[] = [];

  const start = async (projection = countingProjection()) => {
    const runtime = await startProjections({ pool, store, projections: [projection], logger, settings: fast });
    running.push(runtime);
    return runtime;
  };

  /** Appends `perCase` events to each of `cases` new cases; the last position. */
  const seed = async (cases: number, perCase: number): Promise<{ ids: string[]; last: Position }> => {
    const ids = Array.from({ length: cases }, () => randomUUID());
    let last: Position | null = null;
    for (const id of ids) last = (await appendCaseEvents(store, id, 0, perCase)).position;
    return { ids, last: last! };
  };

  const caseRows = async (name = 'counting') =>
    (await pool.query(`SELECT case_id, events, revisions, tag FROM read_models.${name}_cases ORDER BY case_id`)).rows;

  beforeEach(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 10 });
    store = await createPostgresEventStore({ pool });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((runtime) => runtime.stop()));
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('projects every case and stores the checkpoint with the rows', async () => {
    const { ids, last } = await seed(30, 4);
    const runtime = await start();
    await runtime.waitFor('counting', last, 15_000);
    const rows = await caseRows();
    expect(rows).toHaveLength(30);
    expect(rows.map((row) => row.case_id)).toEqual([...ids].sort());
    expect(rows.every((row) => row.events === 4 && row.revisions === '0,1,2,3')).toBe(true);
    const events = await pool.query('SELECT count(*)::int AS n FROM read_models.counting_events');
    expect(events.rows[0].n).toBe(120);
    const checkpoint = await pool.query(`SELECT position, events_processed FROM read_models.projection_checkpoints`);
    expect(checkpoint.rows).toEqual([{ position: formatPosition(last), events_processed: '120' }]);
  });

  it('reports its lag behind the head of the store', async () => {
    expect(await projectionLag(pool)).toEqual([]);
    const runtime = await start();
    const first = await seed(3, 2);
    await runtime.waitFor('counting', first.last, 15_000);
    expect(await projectionLag(pool)).toEqual([
      expect.objectContaining({ projection: 'counting', eventsBehind: 0, secondsBehind: 0, rebuilding: null }),
    ]);
    await runtime.stop();
    await seed(2, 3);
    const [lag] = await projectionLag(pool);
    expect(lag).toEqual(expect.objectContaining({ eventsBehind: 6, position: formatPosition(first.last) }));
    expect(lag!.secondsBehind).toBeGreaterThanOrEqual(0);
  });

  it('resumes from its checkpoint after a stop, never applying an event twice', async () => {
    const first = await seed(10, 2);
    const runtime = await start();
    await runtime.waitFor('counting', first.last, 15_000);
    await runtime.stop();
    for (const id of first.ids) await appendCaseEvents(store, id, 2, 3);
    const more = await seed(5, 1);
    const again = await start();
    await again.waitFor('counting', more.last, 15_000);
    const rows = await caseRows();
    expect(rows).toHaveLength(15);
    expect(rows.filter((row) => row.events === 5).every((row) => row.revisions === '0,1,2,3,4')).toBe(true);
    const { rows: checkpoints } = await pool.query(`SELECT events_processed FROM read_models.projection_checkpoints`);
    expect(checkpoints).toEqual([{ events_processed: String(10 * 5 + 5) }]);
  });

  it('lets one process run a projection and another take over when its lock session dies', async () => {
    const a = await start();
    await sleep(200);
    const b = await start();
    const first = await seed(5, 2);
    await a.waitFor('counting', first.last, 15_000);
    expect(a.status()[0]!.leading).toBe(true);
    expect(b.status()[0]!.leading).toBe(false);
    // The holder's sessions die as with a crashed process: every connection of the runner is terminated.
    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE 'projection%'
         AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2)`,
    );
    const second = await seed(5, 3);
    await b.waitFor('counting', second.last, 15_000);
    await waitUntil(() => b.status()[0]!.leading);
    const rows = await caseRows();
    expect(rows).toHaveLength(10);
    const { rows: checkpoints } = await pool.query(`SELECT events_processed FROM read_models.projection_checkpoints`);
    expect(checkpoints).toEqual([{ events_processed: String(5 * 2 + 5 * 3) }]);
  });

  it('rebuilds into a new generation and swaps it in while queries run, none failing', async () => {
    const seeded = await seed(200, 5);
    const runtime = await start();
    await runtime.waitFor('counting', seeded.last, 15_000);
    const before = await caseRows();

    let stop = false;
    let queries = 0;
    const failures: string[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const { rows } = await pool.query('SELECT count(*)::int AS n FROM read_models.counting_cases');
          queries++;
          if (rows[0].n < 200 && rows[0].n !== 0) failures.push(`saw ${rows[0].n} cases`);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    await requestRebuild(pool, 'counting');
    const more = await seed(3, 2);
    await waitUntil(async () => (await generations()).live === 2);
    await runtime.waitFor('counting', more.last, 15_000);
    stop = true;
    await Promise.all(readers);
    expect(failures).toEqual([]);
    expect(queries).toBeGreaterThan(10);
    const after = await caseRows();
    expect(after).toHaveLength(203);
    expect(after.filter((row) => before.some((b) => b.case_id === row.case_id))).toEqual(before);
    const tables = async () =>
      (
        await pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'read_models' AND tablename LIKE 'counting%' ORDER BY 1`)
      ).rows.map((t) => t.tablename);
    // The old generation goes once the queries that started on it have finished.
    await waitUntil(async () => (await tables()).length === 2);
    expect(await tables()).toEqual(['counting_cases_g2', 'counting_events_g2']);
  });

  it('fills a rebuilt generation without its query indexes and has them when it is swapped in', async () => {
    const indexes = async () =>
      (
        await pool.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'read_models' AND indexname LIKE '%_events' ORDER BY 1`)
      ).rows.map((row) => row.indexname as string);
    const projection = countingProjection();
    const db = await pool.connect();
    try {
      await db.query('CREATE SCHEMA read_models');
      await createGeneration(db, projection, 7, { withQueryIndexes: false });
      expect(await indexes()).toEqual([]);
      await createQueryIndexes(db, projection, 7);
      await createQueryIndexes(db, projection, 7);
      expect(await indexes()).toEqual(['counting_cases_g7_events']);
      await dropGeneration(db, projection, 7);
      await db.query('DROP SCHEMA read_models');
    } finally {
      db.release();
    }

    const seeded = await seed(30, 2);
    const runtime = await start();
    await runtime.waitFor('counting', seeded.last, 15_000);
    expect(await indexes()).toEqual(['counting_cases_g1_events']);
    await requestRebuild(pool, 'counting');
    await waitUntil(async () => (await generations()).live === 2);
    expect(await indexes()).toContain('counting_cases_g2_events');
    expect(await caseRows()).toHaveLength(30);
  });

  it('rebuilds automatically when the projection version changes', async () => {
    const seeded = await seed(20, 3);
    const v1 = await start(countingProjection('counting', 1));
    await v1.waitFor('counting', seeded.last, 15_000);
    expect(new Set((await caseRows()).map((row) => row.tag))).toEqual(new Set(['v1']));
    await v1.stop();
    const v2 = await start(countingProjection('counting', 2));
    await waitUntil(async () => (await generations()).live === 2);
    await v2.waitFor('counting', seeded.last, 15_000);
    const rows = await caseRows();
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.tag))).toEqual(new Set(['v2']));
  });

  const generations = async () => {
    const { rows } = await pool.query(
      `SELECT live_generation, building_generation FROM read_models.projections WHERE name = 'counting'`,
    );
    return { live: rows[0]?.live_generation as number | undefined, building: rows[0]?.building_generation as number | null };
  };
});

const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
};
