import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '#libs/config/config.js';
import { caseHistory, type CaseHistoryBuilder } from '#libs/domain/participation/testing/case-history.js';
import { computeDeadlines } from '#libs/domain/regulation/deadlines.js';
import type { CaseEventRecord } from '#libs/domain/transfer-case/events.js';
import { createPostgresEventStore, type PostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { toCaseRecord } from '#libs/application/case-events.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { requestRebuild } from '#libs/projections/runtime/rebuild-request.js';
import { waitForPosition } from '#libs/projections/runtime/wait-for-position.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-servers.js';
import { readModelDivergences } from './support/read-model-check.js';
import { startWorkerProcess, type RunningWorker } from './support/running-worker.js';
import { asNewEvent } from './support/store-events.js';
import { elapsed, waitUntil } from './support/wait-until.js';

/**
 * Fault: the worker (projections, deadline timer) is killed (SIGKILL) while it fires a few hundred due deadlines, and
 * again in the middle of a rebuild of every projection. Started again, it heals: every due deadline is recorded missed
 * exactly once, and every read model equals what the pure projections compute from the event log from scratch.
 *
 * On a PostgreSQL of its own: subscribers read below the cluster's oldest running transaction, so other test files'
 * transactions on the shared server would only slow this one down.
 */

const CASES = 400;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The visit deadline (local policy) on: 24 hours from the admission notice, so every case here has one due.
const REGULATION = { rulesVersion: 'fault-tests', deadlines: { visit: { unit: 'hours', amount: 24 } } };
const config = loadConfig({ NODE_ENV: 'test', REGULATION_CONFIG: JSON.stringify(REGULATION) });
const projections = projectionsFor(config);
const prefix = `overgang-fault-worker-${randomBytes(4).toString('hex')}`;

let postgres: PrivatePostgres;
let databaseUrl: string;
let pool: pg.Pool;
let store: PostgresEventStore;
let worker: RunningWorker | null = null;

const startWorker = (): RunningWorker =>
  startWorkerProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    REGULATION_CONFIG: JSON.stringify(REGULATION),
    ALLOW_SYNTHETIC_IDS: 'true',
  });

const kill = async (): Promise<void> => {
  await worker!.stop('SIGKILL');
  worker = null;
};

/** Three days ago, a case's story: most leave deadlines open and long due, some meet them. */
const story = (n: number): CaseHistoryBuilder => {
  const start = new Date(Date.now() - 72 * 3600_000 + n * 60_000).toISOString();
  const builder = caseHistory({ caseId: randomUUID(), start, spacingMinutes: 30 }).admitted();
  switch (n % 4) {
    case 0:
      return builder.hospitalRecommended('short_term_stay').readyForDischarge();
    case 1:
      return builder.readyForDischarge().visited(['user', 'municipal_caseworker']).optionsPresented(['home_care', 'short_term_stay'])
        .chose('home_care').decided('home_care').transferred().followedUp('service_fits');
    case 2:
      return builder.wishRelayed('relative', 'phone', 'rehabilitation').readyForDischarge().readinessRevoked().readyForDischarge()
        .declinedDialogue().decided('home_care');
    default:
      return builder;
  }
};

const toNewEvent = asNewEvent('fault-test');

/** DeadlineMissed in the store: deadline id → how many times recorded. */
const misses = async (): Promise<Map<string, number>> => {
  const { rows } = await pool.query<{ id: string; n: number }>(
    `SELECT data->>'deadlineId' AS id, count(*)::int AS n FROM event_store.events WHERE event_type = 'DeadlineMissed' GROUP BY 1`,
  );
  return new Map(rows.map((row) => [row.id, row.n]));
};

/** The deadlines the pure rules say are open and due now, over what the store holds. */
const dueDeadlines = async (): Promise<Set<string>> => {
  const byCase = new Map<string, CaseEventRecord[]>();
  for (const event of await store.readAll()) {
    if (!event.streamName.startsWith('case-')) continue;
    const records = byCase.get(event.streamName) ?? [];
    records.push(toCaseRecord(event));
    byCase.set(event.streamName, records);
  }
  const now = Date.now();
  return new Set(
    [...byCase.values()].flatMap((records) =>
      computeDeadlines(records, config.regulation).filter((d) => d.status === 'open' && Date.parse(d.dueAt) <= now).map((d) => d.deadlineId),
    ),
  );
};

const waitFor = (what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<number> =>
  elapsed(() => waitUntil(what, done, timeoutMs, () => worker?.output().slice(-3000) ?? ''));

const caughtUp = async (): Promise<boolean> => {
  const head = await store.headPosition();
  const { rows } = await pool
    .query<{ building: number }>('SELECT count(*)::int AS building FROM read_models.projections WHERE building_generation IS NOT NULL')
    .catch(() => ({ rows: [{ building: 1 }] }));
  if (rows[0]!.building > 0 || head === null) return false;
  for (const projection of projections) if (!(await waitForPosition(pool, projection.name, head, 0))) return false;
  return true;
};

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  databaseUrl = await postgres.createDatabase('overgang_fault_worker');
  pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => {});
  store = await createPostgresEventStore({ pool });
  const stories = Array.from({ length: CASES }, (_, n) => story(n));
  for (let i = 0; i < stories.length; i += 20) {
    await Promise.all(
      stories.slice(i, i + 20).map((builder) =>
        store.appendToStream(`case-${builder.caseId}`, builder.build().map(toNewEvent), { expectedRevision: 'no_stream' }),
      ),
    );
  }
}, 60_000);

afterAll(async () => {
  await worker?.stop('SIGKILL');
  await store?.close();
  await pool?.end();
  await postgres?.remove();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

it('fires every due deadline once when the worker is killed while firing them', async () => {
  const due = await dueDeadlines();
  expect(due.size).toBeGreaterThan(CASES / 2);

  worker = startWorker();
  await waitFor('a quarter of the deadlines fired', async () => (await misses()).size >= due.size / 4, 60_000);
  const firedAtKill = (await misses()).size;
  await kill();

  worker = startWorker();
  // A job that was running at the kill is taken up once its lock lapses (BullMQ's stalled check).
  const recoveryMs = await waitFor('every due deadline fired', async () => (await misses()).size >= due.size, 45_000);
  const recorded = await misses();
  const duplicates = [...recorded.values()].filter((n) => n > 1).length;
  const unexpected = [...recorded.keys()].filter((id) => !due.has(id));
  // Nothing more falls due: once the read models have caught up with the misses, they must match the log.
  await waitFor('the read models to catch up', caughtUp, 60_000);
  const client = await pool.connect();
  const divergences = await readModelDivergences(client, store, projections).finally(() => client.release());
  console.log(
    `fault: worker SIGKILL while firing deadlines ${JSON.stringify({
      dueDeadlines: due.size,
      firedBeforeKill: firedAtKill,
      firedAfterRestart: recorded.size - firedAtKill,
      duplicates,
      unexpected: unexpected.length,
      allFiredMsAfterRestart: recoveryMs,
      divergences,
    })}`,
  );
  expect(divergences).toEqual(Object.fromEntries(projections.flatMap((p) => p.tables.map((t) => [t.name, 0]))));
  expect(firedAtKill).toBeLessThan(due.size);
  expect(duplicates).toBe(0);
  expect(unexpected).toEqual([]);
  expect(new Set(recorded.keys())).toEqual(due);
}, 180_000);

it('heals to exactly the pure projections of the log when the worker is killed in the middle of a rebuild', async () => {
  await waitFor('the read models to catch up', caughtUp, 60_000);
  const since = new Date();
  const building = async (): Promise<number> =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM read_models.projections WHERE building_generation IS NOT NULL')).rows[0]!.n;

  let killedMidRebuild = 0;
  for (let kills = 0; kills < 2; kills++) {
    // A rebuild left unfinished by the last kill resumes; one that finished is asked for again.
    if ((await building()) === 0) for (const projection of projections) await requestRebuild(pool, projection.name);
    await waitFor('a rebuild to start', async () => (await building()) > 0, 30_000);
    await sleep(Math.floor(Math.random() * 150));
    await kill();
    if ((await building()) > 0) killedMidRebuild++;
    worker = startWorker();
  }
  const recoveryMs = await waitFor('the rebuilds to finish and catch up', caughtUp, 90_000);
  const { rows: swapped } = await pool.query<{ name: string }>('SELECT name FROM read_models.projections WHERE swapped_at >= $1', [since]);
  await worker!.stop('SIGTERM');
  worker = null;

  const client = await pool.connect();
  try {
    const divergences = await readModelDivergences(client, store, projections);
    const recorded = await misses();
    const duplicates = [...recorded.values()].filter((n) => n > 1).length;
    console.log(
      `fault: worker SIGKILL mid-rebuild ${JSON.stringify({
        kills: 2,
        killedMidRebuild,
        rebuiltAndSwapped: swapped.length,
        caughtUpMsAfterLastRestart: recoveryMs,
        divergences,
        duplicateDeadlineMisses: duplicates,
      })}`,
    );
    expect(killedMidRebuild).toBeGreaterThanOrEqual(1);
    expect(swapped.map((row) => row.name).sort()).toEqual(projections.map((p) => p.name).sort());
    expect(divergences).toEqual(Object.fromEntries(projections.flatMap((p) => p.tables.map((t) => [t.name, 0]))));
    expect(duplicates).toBe(0);

    // The comparison itself can fail: one case's summary taken away is one divergence.
    await client.query('DELETE FROM read_models.case_summaries WHERE case_id = (SELECT min(case_id) FROM read_models.case_summaries)');
    expect((await readModelDivergences(client, store, projections)).case_summaries).toBe(1);
  } finally {
    client.release();
  }
}, 180_000);
