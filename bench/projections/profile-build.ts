import pg from 'pg';
import { pino } from 'pino';
import { parsePosition } from '#libs/event-store/position.js';
import { createPostgresEventStore } from '#libs/event-store/postgres/postgres-event-store.js';
import { allocationAssessmentProjection } from '#libs/projections/participation/allocation-assessment.projection.js';
import { startProjections } from '#libs/projections/runtime/runtime.js';
import { createTestDatabase } from '#libs/testing/postgres.js';
import { bulkLoadCases } from './bulk-load.js';

/**
 * The participation projection's first build alone, for profiling: `node --cpu-prof dist/bench/projections/profile-build.js`.
 * Env: BENCH_EVENTS (200000).
 */
const events = Number(process.env.BENCH_EVENTS ?? 200_000);
const database = await createTestDatabase('overgang_profile_projections');
const pool = new pg.Pool({ connectionString: database.url, max: 8 });
const store = await createPostgresEventStore({ pool });
try {
  await bulkLoadCases(pool, events, () => {});
  await pool.query('VACUUM ANALYZE event_store.events');
  const { rows } = await pool.query<{ p: string; n: number }>(
    `SELECT (SELECT transaction_id::text || '-' || global_position FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) AS p,
            (SELECT count(*)::int FROM event_store.events) AS n`,
  );
  const started = performance.now();
  const runtime = await startProjections({ pool, store, projections: [allocationAssessmentProjection('profile-pseudonym-secret')], logger: pino({ level: 'warn' }) });
  await runtime.waitFor('participation', parsePosition(rows[0]!.p)!, 3_600_000);
  const ms = performance.now() - started;
  process.stdout.write(`build: ${rows[0]!.n} events in ${(ms / 1000).toFixed(1)} s = ${Math.round((rows[0]!.n * 1000) / ms)} events/s\n`);
  await runtime.stop();
} finally {
  await store.close();
  await pool.end();
  await database.drop();
}
