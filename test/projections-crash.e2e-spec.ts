import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadConfig } from '#libs/config/config.js';
import { caseHistory, type CaseHistoryBuilder } from '#libs/domain/participation/testing/case-history.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { formatPosition } from '#libs/event-store/position.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { requestRebuild } from '#libs/projections/runtime/rebuild-request.js';
import { caseEventCount, watchRebuild } from '#libs/projections/runtime/rebuild-progress.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { createTestDatabase, type TestDatabase } from '#libs/testing/postgres.js';
import { asNewEvent } from './support/store-events.js';

/**
 * The projection runtime in a process of its own is killed (SIGKILL) at random points while events are appended,
 * several times, then restarted: every read model must equal what a fresh rebuild of the whole store gives.
 */

const PROCESS = 'dist/libs/projections/runtime/testing/projection-process.js';
const CASES = 120;
const KILLS = 6;
const T = 150_000;

let database: TestDatabase;
let pool: pg.Pool;
let store: PostgresEventStore;
const projections = projectionsFor(loadConfig({ NODE_ENV: 'test' }));

const startRuntime = async (): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['--enable-source-maps', PROCESS], {
    env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'fatal' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('started') && resolve());
    child.once('exit', (code) => reject(new Error(`the projection process exited with ${code}`)));
  });
  return child;
};

const kill = async (child: ChildProcess, signal: NodeJS.Signals): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
};

/** A case's story, one of a few shapes, so every projection has rows to write. */
const story = (n: number): CaseHistoryBuilder => {
  const builder = caseHistory({ caseId: randomUUID(), start: new Date(Date.UTC(2026, 0, 5) + n * 3600_000).toISOString() })
    .admitted()
    .hospitalRecommended('short_term_stay')
    .readyForDischarge();
  switch (n % 4) {
    case 0:
      return builder.visited(['user', 'municipal_caseworker']).optionsPresented(['home_care', 'short_term_stay']).chose('home_care')
        .decided('home_care').transferred().followedUp('service_fits');
    case 1:
      return builder.wishRelayed('relative', 'phone', 'rehabilitation').decided('long_term_stay').appealed();
    case 2:
      return builder.readinessRevoked().readyForDischarge().declinedDialogue().decided('home_care');
    default:
      return builder;
  }
};

const toNewEvent = asNewEvent('crash-test');

/**
 * Appends every case's events a few at a time, cases interleaved, from several writers at once, in rounds: round r
 * starts once `killed()` has reached r, so kills land among the appends.
 */
const appendAll = async (killed: () => number): Promise<void> => {
  const cases = Array.from({ length: CASES }, (_, n) => ({ caseId: '', events: [] as CaseEventRecord[], next: 0 }));
  cases.forEach((c, n) => {
    const builder = story(n);
    c.caseId = builder.caseId;
    c.events = builder.build();
  });
  const writer = async (w: number): Promise<void> => {
    const mine = cases.filter((_, n) => n % 4 === w);
    for (let round = 0; mine.some((c) => c.next < c.events.length); round++) {
      while (killed() < Math.min(round, KILLS)) await sleep(20);
      for (const c of mine) {
        if (c.next >= c.events.length) continue;
        const count = 1 + ((c.next + w) % 3);
        const chunk = c.events.slice(c.next, c.next + count);
        await store.appendToStream(`case-${c.caseId}`, chunk.map(toNewEvent), {
          expectedRevision: c.next === 0 ? 'no_stream' : BigInt(c.next - 1),
        });
        c.next += chunk.length;
        await sleep(5);
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
};

/** Every read model, as its view shows it, in a stable order. */
const snapshot = async (): Promise<Record<string, unknown[]>> => {
  const result: Record<string, unknown[]> = {};
  for (const projection of projections) {
    for (const table of projection.tables) {
      const { rows } = await pool.query(`SELECT to_jsonb(t) AS row FROM read_models.${table.name} t`);
      result[table.name] = rows.map((row) => JSON.stringify(row.row)).sort();
    }
  }
  return result;
};

const caughtUp = async (): Promise<void> => {
  const head = await store.headPosition();
  for (const projection of projections) {
    if (!(await waitForPosition(pool, projection.name, head!, 60_000))) {
      const state = await pool.query(
        `SELECT p.*, c.generation, c.position, c.events_processed FROM read_models.projections p
         JOIN read_models.projection_checkpoints c ON c.projection = p.name`,
      );
      const sessions = await pool.query(
        `SELECT application_name, state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity
         WHERE datname = current_database()`,
      );
      throw new Error(
        `${projection.name} did not reach ${formatPosition(head!)}: ${JSON.stringify(state.rows)} ${JSON.stringify(sessions.rows)}`,
      );
    }
  }
};

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  pool.on('error', () => {});
  store = await createPostgresEventStore({ pool });
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await database?.drop();
});

it('loses and repeats nothing when the projection process is killed at random points', async () => {
  let appending = true;
  let kills = 0;
  const appends = appendAll(() => kills).finally(() => (appending = false));
  let killedWhileAppending = 0;
  while (kills < KILLS) {
    const child = await startRuntime();
    // Half way, a rebuild is asked for, so later kills also land in the middle of a rebuild or a swap.
    if (kills === KILLS / 2) await Promise.all(projections.map((p) => requestRebuild(pool, p.name)));
    await sleep(150 + Math.floor(Math.random() * 900));
    if (appending) killedWhileAppending++;
    await kill(child, 'SIGKILL');
    kills++;
  }
  await appends;
  expect(killedWhileAppending).toBeGreaterThanOrEqual(3);

  const child = await startRuntime();
  try {
    await caughtUp();
    const recovered = await snapshot();
    expect(Object.values(recovered).some((rows) => rows.length > 0)).toBe(true);
    expect(recovered.case_summaries).toHaveLength(CASES);
    // Exactly once: each live generation's checkpoint has counted every case event once, across every kill.
    const total = await caseEventCount(pool);
    const { rows: counted } = await pool.query<{ name: string; events_processed: string }>(
      `SELECT p.name, c.events_processed FROM read_models.projections p
       JOIN read_models.projection_checkpoints c ON c.projection = p.name AND c.generation = p.live_generation ORDER BY 1`,
    );
    expect(counted).toEqual(projections.map((p) => ({ name: p.name, events_processed: String(total) })).sort((a, b) => a.name.localeCompare(b.name)));

    const since = new Date();
    await Promise.all(projections.map((p) => requestRebuild(pool, p.name)));
    await Promise.all(projections.map((p) => watchRebuild(pool, p.name, since, { intervalMs: 100, timeoutMs: 60_000 })));
    await caughtUp();
    expect(await snapshot()).toEqual(recovered);
  } finally {
    await kill(child, 'SIGTERM');
  }
}, T);
