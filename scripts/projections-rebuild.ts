import pg from 'pg';
import { eventStoreFromConfig } from '#libs/event-store/event-store-from-config.js';
import { loadConfig } from '#libs/config/config.js';
import { createLogger } from '#libs/observability/logger.js';
import { projectionsFor } from '#libs/projections/registry.js';
import { requestRebuild } from '#libs/projections/runtime/rebuild-request.js';
import { caseEventCount, watchRebuild, type RebuildProgress } from '#libs/projections/runtime/rebuild-progress.js';
import { startProjections } from '#libs/projections/runtime/runtime.js';

/**
 * `npm run projections:rebuild -- <name>`: replays the whole store into a fresh generation of the projection and swaps
 * it in once caught up; the live generation serves queries meanwhile. The worker does the work when it runs (it holds
 * the lock); otherwise this process does. Progress is printed until the swap.
 */
const config = loadConfig();
const name = process.argv[2];
const projections = projectionsFor(config);
const projection = projections.find((p) => p.name === name);
if (!projection) {
  process.stderr.write(`usage: npm run projections:rebuild -- <name>   (one of: ${projections.map((p) => p.name).join(', ')})\n`);
  process.exit(2);
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');
const line = (p: RebuildProgress): string =>
  `${p.projection}: ${number(p.eventsProcessed)} / ${number(p.eventsTotal)} events (${p.percent.toFixed(1)} %), ` +
  `${number(p.eventsPerSecond)} events/s, ${p.secondsLeft === null ? 'time left unknown' : `${Math.ceil(p.secondsLeft)} s left`}`;

/** A projection that has never run is built by its first runner straight into generation 1. */
const buildFirstGeneration = async (onProgress: (p: RebuildProgress) => void): Promise<RebuildProgress> => {
  const head = await store.headPosition();
  const eventsTotal = await caseEventCount(pool);
  const progress = (processed: number, done: boolean): RebuildProgress => ({
    projection: projection.name, generation: 1, eventsProcessed: processed, eventsTotal, done,
    percent: done ? 100 : eventsTotal ? Math.min(99.9, (100 * processed) / eventsTotal) : 0,
    eventsPerSecond: rate(processed),
    secondsLeft: rate(processed) > 0 ? Math.max(0, (eventsTotal - processed) / rate(processed)) : null,
  });
  const rate = (processed: number): number => processed / ((performance.now() - started) / 1000);
  const ticker = setInterval(() => {
    void pool
      .query<{ n: string }>(`SELECT events_processed AS n FROM read_models.projection_checkpoints WHERE projection = $1 AND generation = 1`, [projection.name])
      .then(({ rows }) => onProgress(progress(Number(rows[0]?.n ?? 0), false)), () => {});
  }, 500);
  try {
    if (head) await runtime.waitFor(projection.name, head, 24 * 3600_000);
  } finally {
    clearInterval(ticker);
  }
  return progress(eventsTotal, true);
};

const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
const store = await eventStoreFromConfig(config, pool);
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'projections-rebuild');
const since = new Date();
const started = performance.now();
const registered = await requestRebuild(pool, projection.name);
// Ours takes the lock only when no other process runs the projection.
const runtime = await startProjections({ pool, store, projections: [projection], logger, settings: { lockRetryMs: 500 } });
const tty = process.stdout.isTTY;
try {
  const onProgress = (p: RebuildProgress): void => void process.stdout.write(tty ? `\r${line(p)}\x1b[K` : `${line(p)}\n`);
  const last = registered
    ? await watchRebuild(pool, projection.name, since, { onProgress })
    : await buildFirstGeneration(onProgress);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${tty ? '\n' : ''}${projection.name}: rebuilt and swapped in: ${number(last.eventsTotal)} events in ${seconds.toFixed(1)} s ` +
      `(${number(last.eventsTotal / seconds)} events/s)\n`,
  );
} finally {
  await runtime.stop();
  await store.close();
  await pool.end();
}
