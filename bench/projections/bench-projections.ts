import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { loadOrCreateDevKeys } from '#libs/auth/dev-keys.js';
import type { Position } from '#libs/event-store/event-store.port.js';
import { comparePositions, parsePosition } from '#libs/event-store/position.js';
import { createPostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { allocationAssessmentProjection } from '#libs/projections/participation/allocation-assessment.projection.js';
import { requestRebuild } from '#libs/projections/runtime/rebuild-request.js';
import { startProjections, type ProjectionRuntime } from '#libs/projections/runtime/runtime.js';
import { liveCheckpoint } from '#libs/projections/runtime/wait-for-position.js';
import { createTestDatabase } from '#libs/testing/postgres.js';
import { spawnApi, type SpawnedApi } from '#libs/testing/running-api.js';
import { startPeer, type Peer } from '../peer-process.js';
import { bulkLoadCases } from './bulk-load.js';
import { fmt, perSecond, withProgress } from './progress.js';

/**
 * bench:projections — in one fresh database:
 * 1. at least 1,000,000 generated case events written straight into the PostgreSQL event store;
 * 2. the store's raw catch-up rate: subscribeToAll from the start over every case event, doing nothing with them;
 * 3. the participation projection built over them from scratch, then rebuilt (requestRebuild: a fresh generation
 *    beside the live one, swapped in once caught up), in events/s, against the raw rate (target: at least half);
 * 4. Emmett, in a process of its own, over a copy of the same events in its own tables (`emmett-projections.ts`):
 *    its raw read (`readMessagesBatch`, 2,000 a query) and the same read model built through its consumer and projector,
 *    checked to hold the same rows as ours;
 * 5. the projection lag while the built API (its own process) takes 200 commands/s from a second process: from the
 *    event's append (recorded_at) to the moment the read model's checkpoint covers it, polled every few ms.
 * Env: BENCH_EVENTS (1000000), BENCH_RATE (200), BENCH_LOAD_SECONDS (20), BENCH_EMMETT_BATCH (1000).
 */
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const PROJECTION = 'participation';
const LAG_POLL_MS = 2;

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const PSEUDONYM_SECRET = 'bench-projections-pseudonym-secret';
/**
 * Events a pull for Emmett's consumer. Its default, 100, pays one poll per 100 events, and each poll walks the index up
 * to its cursor; our runtime's 20,000 makes Emmett update its checkpoint row 20,000 times in one transaction, each
 * update slower than the last. 1,000 was about its best at 100,000 events.
 */
const EMMETT_BATCH = Number(process.env.BENCH_EMMETT_BATCH ?? 1_000);
/** What our store's subscription reads a query: Emmett's raw read is given the same. */
const READ_BATCH = 2_000;

const database = await createTestDatabase('overgang_bench_projections');
const pool = new pg.Pool({ connectionString: database.url, max: 8 });
pool.on('error', () => {});
const store = await createPostgresEventStore({ pool });
const keyDir = await mkdtemp(join(tmpdir(), 'overgang-bench-keys-'));
let runtime: ProjectionRuntime | null = null;
let api: SpawnedApi | null = null;
let emmett: Peer | null = null;

const caseEventCount = async (): Promise<number> =>
  (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_store.events WHERE stream_name LIKE 'case-%'`)).rows[0]!.n;

const headPosition = async (): Promise<Position> => {
  const { rows } = await pool.query<{ p: string }>(
    `SELECT transaction_id::text || '-' || global_position AS p FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return parsePosition(rows[0]!.p)!;
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

try {
  // 1. Load.
  log(`loading ${fmt(TARGET_EVENTS)}+ case events into ${database.name} ...`);
  let loadedSoFar = 0;
  const loadStarted = performance.now();
  const loaded = await withProgress('load', TARGET_EVENTS, () => loadedSoFar, bulkLoadCases(pool, TARGET_EVENTS, (n) => (loadedSoFar = n)));
  const loadMs = performance.now() - loadStarted;
  await pool.query('VACUUM ANALYZE event_store.events');
  const total = await caseEventCount();
  log(`loaded ${fmt(total)} events (${fmt(loaded.cases)} cases, ${fmt(loaded.decisions)} decisions) in ${(loadMs / 1000).toFixed(1)} s`);

  // 2. Raw catch-up.
  let rawCount = 0;
  const rawStarted = performance.now();
  await withProgress('raw catch-up', total, () => rawCount, (async () => {
    const subscription = store.subscribeToAll({ from: 'start', filter: { streamNamePrefix: 'case-' } });
    for await (const _event of subscription) if (++rawCount >= total) break;
    await subscription.close();
  })());
  const rawMs = performance.now() - rawStarted;
  const rawRate = perSecond(total, rawMs);
  log(`raw catch-up: ${fmt(rawRate)} events/s`);

  // 3. Build, then rebuild, the participation projection.
  const head = await headPosition();
  const checkpointEvents = async (generation?: number): Promise<number> => {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT events_processed AS n FROM read_models.projection_checkpoints WHERE projection = $1
       AND generation = coalesce($2, (SELECT max(generation) FROM read_models.projection_checkpoints WHERE projection = $1))`,
      [PROJECTION, generation ?? null],
    ).catch(() => ({ rows: [] as { n: string }[] }));
    return Number(rows[0]?.n ?? 0);
  };
  const buildStarted = performance.now();
  runtime = await startProjections({
    pool,
    store,
    projections: [allocationAssessmentProjection(PSEUDONYM_SECRET)],
    logger: pino({ level: 'warn' }),
  });
  const started = runtime;
  await withProgress('build', total, () => checkpointEvents(), started.waitFor(PROJECTION, head, 3_600_000));
  const buildMs = performance.now() - buildStarted;
  const buildRate = perSecond(total, buildMs);
  log(`first build: ${fmt(buildRate)} events/s`);

  const liveGeneration = async (): Promise<number> =>
    (await pool.query<{ g: number }>('SELECT live_generation AS g FROM read_models.projections WHERE name = $1', [PROJECTION])).rows[0]!.g;
  const before = await liveGeneration();
  const rebuildStarted = performance.now();
  await requestRebuild(pool, PROJECTION);
  await withProgress('rebuild', total, () => checkpointEvents(), (async () => {
    while ((await liveGeneration()) === before) await sleep(20);
  })());
  const rebuildMs = performance.now() - rebuildStarted;
  const rebuildRate = perSecond(total, rebuildMs);
  const rows = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM read_models.allocation_assessments')).rows[0]!.n;
  log(`rebuild: ${fmt(rebuildRate)} events/s, ${fmt(rows)} assessments`);

  // 4. Emmett, in its own process, over a copy of the same events in its own tables: raw catch-up and first build.
  emmett = startPeer('dist/bench/projections/emmett-projections.js', [database.url, PSEUDONYM_SECRET]);
  const emmettVersion = await emmett.ask<string>({ op: 'version' });
  log(`copying the case events into Emmett ${emmettVersion}'s tables ...`);
  const copied = await emmett.ask<number>({ op: 'load' });
  const emmettRaw = await emmett.ask<{ seen: number; rate: number }>({ op: 'catchUp', total: copied, batchSize: READ_BATCH });
  log(`Emmett raw catch-up: ${fmt(Math.round(emmettRaw.rate))} events/s (${fmt(emmettRaw.seen)} events)`);
  const emmettBuild = await emmett.ask<{ handled: number; rate: number }>({ op: 'build', total: copied, batchSize: EMMETT_BATCH });
  log(`Emmett first build: ${fmt(Math.round(emmettBuild.rate))} events/s (${fmt(emmettBuild.handled)} events)`);
  const emmettCheck = await emmett.ask<{ rows: number; onlyEmmett: number; onlyOurs: number }>({ op: 'compare' });
  await emmett.close();
  emmett = null;

  // 5. Lag while the API takes commands from a second process.
  await loadOrCreateDevKeys(keyDir);
  api = await spawnApi(database.url, keyDir, { LOG_LEVEL: 'warn' });
  const loadFrom = (await pool.query<{ t: Date }>('SELECT now() AS t')).rows[0]!.t;
  const visible: { at: number; position: Position }[] = [];
  // What else can hold the lag up: this process's event loop (the runtime runs here), and the oldest transaction with
  // an xid anywhere on the server, which the store's visibility horizon waits for, whichever database it is in.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const oldestTransaction = { ms: 0, elsewhere: 0 };
  let polling = true;
  const transactionWatch = (async () => {
    while (polling) {
      const { rows } = await pool.query<{ ms: number | null; elsewhere: number | null }>(
        `SELECT max(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::int AS ms,
                max(extract(epoch FROM clock_timestamp() - xact_start) * 1000) FILTER (WHERE datname <> current_database())::int AS elsewhere
         FROM pg_stat_activity WHERE backend_xid IS NOT NULL`,
      );
      oldestTransaction.ms = Math.max(oldestTransaction.ms, rows[0]?.ms ?? 0);
      oldestTransaction.elsewhere = Math.max(oldestTransaction.elsewhere, rows[0]?.elsewhere ?? 0);
      await sleep(50);
    }
  })();
  const poller = (async () => {
    let last: Position | null = null;
    while (polling) {
      const position = await liveCheckpoint(pool, PROJECTION);
      const at = Date.now();
      if (position && (!last || comparePositions(position, last) > 0)) visible.push({ at, position: (last = position) });
      await sleep(LAG_POLL_MS);
    }
  })();
  const driver = spawn(
    process.execPath,
    ['--enable-source-maps', 'dist/bench/projections/drive-commands.js', '--api', api.baseUrl, '--keys', keyDir, '--rate', String(RATE), '--seconds', String(LOAD_SECONDS)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const answers: { position: Position; answeredAt: number }[] = [];
  createInterface({ input: driver.stdout! }).on('line', (line) => {
    const [position, answeredAt] = line.split(' ');
    answers.push({ position: parsePosition(position!)!, answeredAt: Number(answeredAt) });
  });
  let driverSummary = '';
  createInterface({ input: driver.stderr! }).on('line', (line) => (line.startsWith('{') ? (driverSummary = line) : log(`  driver: ${line}`)));
  log(`driving the API at ${RATE} commands/s for ${LOAD_SECONDS} s ...`);
  await new Promise((resolve) => driver.once('exit', resolve));
  const lastAnswer = answers.reduce<Position | null>((max, a) => (!max || comparePositions(a.position, max) > 0 ? a.position : max), null);
  if (lastAnswer) await runtime.waitFor(PROJECTION, lastAnswer, 30_000);
  await sleep(20);
  polling = false;
  await Promise.all([poller, transactionWatch]);
  loopDelay.disable();

  const appended = await pool.query<{ p: string; recorded: Date }>(
    `SELECT transaction_id::text || '-' || global_position AS p, recorded_at AS recorded FROM event_store.events
     WHERE recorded_at >= $1 AND stream_name LIKE 'case-%'`,
    [loadFrom],
  );
  const firstVisible = (position: Position): number => {
    let [low, high] = [0, visible.length - 1];
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(visible[mid]!.position, position) >= 0) high = mid;
      else low = mid + 1;
    }
    return visible[low]!.at;
  };
  const lags = appended.rows.map((row) => firstVisible(parsePosition(row.p)!) - row.recorded.getTime()).sort((a, b) => a - b);
  const readYourWrites = answers.map((a) => Math.max(0, firstVisible(a.position) - a.answeredAt)).sort((a, b) => a - b);
  const driven = JSON.parse(driverSummary || '{}') as { answered?: number; failed?: number; rate?: number };

  const ratio = (a: number, b: number): string => (a / b).toFixed(2);
  const emmettRawRate = Math.round(emmettRaw.rate);
  const emmettBuildRate = Math.round(emmettBuild.rate);
  const tableRow = (label: string, ours: number, oursRaw: string, peer: string, peerRaw: string, versus: string): string =>
    `  ${label.padEnd(30)}${fmt(ours).padStart(10)}${oursRaw.padStart(8)}${peer.padStart(10)}${peerRaw.padStart(8)}${versus.padStart(13)}`;
  process.stdout.write(
    [
      '',
      `bench:projections — ${fmt(total)} case events, ${fmt(loaded.cases)} cases, ${fmt(loaded.decisions)} decisions; Emmett ${emmettVersion}`,
      `  ${'events/s'.padEnd(30)}${'ours'.padStart(10)}${'× raw'.padStart(8)}${'Emmett'.padStart(10)}${'× raw'.padStart(8)}${'ours/Emmett'.padStart(13)}`,
      tableRow('bulk load', perSecond(total, loadMs), '', '', '', ''),
      tableRow('raw catch-up', rawRate, '1.00', fmt(emmettRawRate), '1.00', ratio(rawRate, emmettRawRate)),
      tableRow('participation, first build', buildRate, ratio(buildRate, rawRate), fmt(emmettBuildRate), ratio(emmettBuildRate, emmettRawRate), ratio(buildRate, emmettBuildRate)),
      tableRow('participation, rebuild', rebuildRate, ratio(rebuildRate, rawRate), '', '', '') + '   (target ≥ 0.50 × raw)',
      `  Emmett's read model: ${fmt(emmettCheck.rows)} rows; ${emmettCheck.onlyEmmett + emmettCheck.onlyOurs === 0 ? 'the same rows as ours' : `${emmettCheck.onlyEmmett} rows only in Emmett's, ${emmettCheck.onlyOurs} only in ours: NOT THE SAME`}` +
        (emmettRaw.seen < copied ? `; its raw read stopped after ${fmt(emmettRaw.seen)} events` : '') +
        (emmettBuild.handled < copied ? `; its build stopped after ${fmt(emmettBuild.handled)} events` : ''),
      `  load: ${fmt(driven.answered ?? 0)} commands answered (${driven.failed ?? 0} failed) at ${(driven.rate ?? 0).toFixed(1)} commands/s, ${fmt(lags.length)} events appended`,
      `  lag, append → read model          p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, p99 ${percentile(lags, 99)} ms, max ${lags.at(-1)} ms`,
      `  lag, command answer → read model  p50 ${percentile(readYourWrites, 50)} ms, p95 ${percentile(readYourWrites, 95)} ms, p99 ${percentile(readYourWrites, 99)} ms`,
      `  meanwhile: event loop delay of the runtime's process p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; oldest transaction holding an xid ${oldestTransaction.ms} ms (${oldestTransaction.elsewhere} ms in other databases)`,
      '',
    ].join('\n'),
  );
  if (emmettCheck.onlyEmmett + emmettCheck.onlyOurs > 0 || emmettBuild.handled < copied) process.exitCode = 1;
} finally {
  await emmett?.close();
  if (api && api.process.exitCode === null) {
    const exited = new Promise((resolve) => api!.process.once('exit', resolve));
    api.process.kill('SIGTERM');
    await exited;
  }
  await runtime?.stop();
  await store.close();
  await pool.end();
  await database.drop();
  await rm(keyDir, { recursive: true, force: true });
}
